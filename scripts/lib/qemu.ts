// Boots a PC2 image in QEMU and watches it from outside: the serial console (a file), the
// admin port forwarded to 127.0.0.1, and QMP for resets and power-offs. Every VM has a hard
// deadline and is killed by PID, so a hung guest never hangs the test run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { OUT } from './images.ts'

export type Firmware = 'uefi' | 'bios'

/**
 * The emulated machine: a PC (q35, x86_64), an arm64 UEFI machine (virt, cortex-a72), or a
 * Raspberry Pi 3B, which QEMU boots by loading kernel, initramfs and device tree itself (it
 * does not run the Pi's GPU firmware), with the image as its SD card.
 */
export type Machine = 'pc' | 'virt' | 'raspi3b'

export interface BootOptions {
  machine?: Machine
  /** Raw image attached as the SD card (raspi3b; its size must be a power of two). */
  sdCard?: string
  /** qcow2 or raw disk image, attached as a virtio disk. */
  disk?: string
  /** ISO attached as a CD (AHCI). */
  iso?: string
  /** Image attached as a USB stick (xHCI), the way a hybrid ISO is `dd`-ed onto one. */
  usb?: string
  firmware?: Firmware
  /** Throw away every guest write (QEMU -snapshot); false to keep writes in `disk`. */
  snapshot?: boolean
  /** Hard limit for the whole VM's life. */
  lifetimeMs?: number
  memoryMiB?: number
  /** Port on 127.0.0.1 forwarded to the guest's admin port 80 (default: any free port). */
  hostPort?: number
  /**
   * A second NIC whose Ethernet frames are UDP datagrams on loopback (QEMU `socket,udp=`):
   * QEMU sends to `sendPort` and receives on `listenPort`. A LAN segment a test can speak to.
   */
  lanLink?: { sendPort: number, listenPort: number }
  /**
   * Guest connections to `guestAddress:guestPort` (inside QEMU's user network, 10.0.2.0/24)
   * reach `127.0.0.1:hostPort` on the host: e.g. a test's anvil chain as the shop's RPC.
   */
  guestForwards?: Array<{ guestAddress: string, guestPort: number, hostPort: number }>
  /**
   * Make the serial console writable too (a Unix socket beside the log), for `shell()` on a
   * debug image, whose serial console is a root shell.
   */
  shell?: boolean
  /** Boot this kernel directly (QEMU -kernel), as a boot menu entry would: no firmware menu. */
  directKernel?: { kernel: string, initrd: string, commandLine: string, dtb?: string }
}

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd'
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd'
const AAVMF_CODE = '/usr/share/AAVMF/AAVMF_CODE.fd'
const AAVMF_VARS = '/usr/share/AAVMF/AAVMF_VARS.fd'

function emulator (machine: Machine): string {
  return machine === 'pc' ? 'qemu-system-x86_64' : 'qemu-system-aarch64'
}

/** The machine, CPU and memory arguments; an arm64 guest is always emulated (TCG) here. */
function machineArgs (machine: Machine, memoryMiB: number | undefined): string[] {
  switch (machine) {
    case 'pc': return ['-accel', accelerator(), '-machine', 'q35', '-cpu', 'max', '-smp', '2', '-m', String(memoryMiB ?? 1536)]
    // cortex-a72, not max: max's pointer authentication is slow to emulate.
    case 'virt': return ['-accel', 'tcg', '-machine', 'virt', '-cpu', 'cortex-a72', '-smp', '2', '-m', String(memoryMiB ?? 1536)]
    // The board has 1 GiB and four cores, as the real one.
    case 'raspi3b': return ['-accel', 'tcg', '-machine', 'raspi3b']
  }
}

/**
 * The PC's NICs carry their iPXE option ROM as before; the arm64 firmware drives virtio-net
 * itself, and Debian ships the ROM only for x86 (ipxe-qemu), so QEMU is told to load none.
 */
function nicRom (machine: Machine): string {
  return machine === 'pc' ? '' : ',romfile='
}

// One relay process per guest connection (guest-relay.mjs); QEMU runs it with /bin/sh, and
// a comma inside a -netdev value is written twice.
function guestForwards (options: BootOptions): string {
  const relay = join(import.meta.dirname, 'guest-relay.mjs')
  return (options.guestForwards ?? [])
    .map((forward) => {
      const command = `${process.execPath} ${relay} ${forward.hostPort}`.replaceAll(',', ',,')
      return `,guestfwd=tcp:${forward.guestAddress}:${forward.guestPort}-cmd:${command}`
    })
    .join('')
}

/** Size of the raw disk a debug guest hands shell() output back on. */
const transferBytes = 16 * 1024 * 1024

function transferDisk (directory: string): string[] {
  const file = join(directory, 'transfer.img')
  writeFileSync(file, Buffer.alloc(0))
  truncateSync(file, transferBytes)
  return ['-drive', `file=${file},format=raw,if=none,id=transfer,cache=directsync`, '-device', 'virtio-blk-pci,drive=transfer,serial=pc2-transfer']
}

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

let probedAccelerator: 'kvm' | 'tcg' | undefined

/**
 * KVM when it really works, else TCG (PC2_QEMU_ACCEL=kvm|tcg forces one). A /dev/kvm that
 * opens is not enough: on some hosts (nested virtualisation) it opens, and QEMU then aborts
 * while setting up the vCPU ("failed to set MSR"), so a paused VM with the machine and CPU
 * the tests use is started once and told to quit.
 */
export function accelerator (): 'kvm' | 'tcg' {
  const forced = process.env.PC2_QEMU_ACCEL
  if (forced === 'kvm' || forced === 'tcg') return forced
  if (forced !== undefined && forced !== '') throw new Error(`PC2_QEMU_ACCEL must be kvm or tcg, not ${forced}`)
  probedAccelerator ??= probeKvm() ? 'kvm' : 'tcg'
  return probedAccelerator
}

function probeKvm (): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
  } catch {
    return false
  }
  const probe = spawnSync('qemu-system-x86_64', [
    '-accel', 'kvm', '-machine', 'q35', '-cpu', 'max', '-smp', '2', '-m', '64',
    '-nodefaults', '-display', 'none', '-S', '-qmp', 'stdio'
  ], { input: '{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n', timeout: 20_000, encoding: 'utf8' })
  if (probe.status === 0) return true
  const why = (probe.stderr ?? '').trim().split('\n').at(-1) ?? ''
  process.stderr.write(`qemu: /dev/kvm is there but KVM does not work here (${why || `exit ${probe.status ?? probe.signal}`}); using TCG\n`)
  return false
}

export class VM {
  readonly httpPort: number
  readonly serialPath: string
  startedAt = Date.now()
  private readonly directory: string
  private readonly options: BootOptions
  private readonly args: string[]
  private process!: ChildProcess
  private deadline!: NodeJS.Timeout
  private exited!: Promise<number | null>
  private stderr = ''
  /** Why QEMU ended by itself, if it did. */
  private failure: string | undefined
  /** Where the admin port's forward goes in the guest (forwardHttpTo). */
  private httpGuestAddress = '10.0.2.15'

  private constructor (directory: string, httpPort: number, args: string[], options: BootOptions) {
    this.options = options
    this.args = args
    this.directory = directory
    this.httpPort = httpPort
    this.serialPath = join(directory, 'serial.log')
    this.start()
  }

  private start (): void {
    const lifetimeMs = this.options.lifetimeMs ?? 15 * 60_000
    this.startedAt = Date.now()
    this.stderr = ''
    this.failure = undefined
    this.httpGuestAddress = '10.0.2.15'
    this.process = spawn(emulator(this.options.machine ?? 'pc'), this.args, { stdio: ['ignore', 'ignore', 'pipe'] })
    this.process.stderr?.on('data', (chunk: Buffer) => { this.stderr += chunk.toString() })
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        // Our own SIGKILL (kill(), the deadline) is no failure; an abort or an error exit is.
        if (code !== 0 && signal !== 'SIGKILL') {
          this.failure = `QEMU ${code === null ? `died of ${signal}` : `exited with ${code}`}${this.stderr === '' ? '' : `: ${this.stderr.trim()}`}`
          process.stderr.write(`${this.failure}\n`)
        }
        resolve(code)
      })
    })
    this.deadline = setTimeout(() => { this.kill() }, lifetimeMs)
  }

  static async boot (options: BootOptions): Promise<VM> {
    const directory = mkdtempSync(join(tmpdir(), 'pc2-vm-'))
    const httpPort = options.hostPort ?? await freePort()
    const firmware = options.firmware ?? 'uefi'
    const machine = options.machine ?? 'pc'
    const serialLog = join(directory, 'serial.log')
    const args = [
      ...machineArgs(machine, options.memoryMiB),
      '-nodefaults', ...(machine === 'pc' ? ['-vga', 'none'] : []), '-display', 'none',
      // The Pi's GPIO header UART is its second (the mini UART): the first, the PL011, is unused.
      ...(machine === 'raspi3b' ? ['-serial', 'null'] : []),
      ...(options.shell === true
        ? ['-chardev', `socket,id=serial0,path=${join(directory, 'serial.sock')},server=on,wait=off,logfile=${serialLog}`, '-serial', 'chardev:serial0']
        : ['-serial', `file:${serialLog}`]),
      ...(options.shell === true ? transferDisk(directory) : []),
      '-qmp', `unix:${join(directory, 'qmp.sock')},server=on,wait=off`,
      // restrict=on: the guest reaches nothing but what is forwarded here.
      '-netdev', `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${httpPort}-:80${guestForwards(options)}`,
      // The Pi's Ethernet hangs off its USB bus, as on the real board (an RNDIS adapter here:
      // QEMU has no model of the Pi 3's SMSC chip), with an address in the Raspberry Pi's
      // range: Linux gives an RNDIS adapter whose address is locally administered (QEMU's
      // 52:54:00:…) a random one at every boot, and the DHCP lease would move with it.
      '-device', machine === 'raspi3b' ? 'usb-net,netdev=n0,mac=b8:27:eb:00:00:01' : `virtio-net-pci,netdev=n0${nicRom(machine)}`
    ]
    if (firmware === 'uefi' && machine !== 'raspi3b') {
      const [code, vars] = machine === 'virt' ? [AAVMF_CODE, AAVMF_VARS] : [OVMF_CODE, OVMF_VARS]
      copyFileSync(vars, join(directory, 'vars.fd'))
      args.push('-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${code}`,
        '-drive', `if=pflash,format=raw,unit=1,file=${join(directory, 'vars.fd')}`)
    }
    if (options.sdCard !== undefined) {
      args.push('-drive', `file=${options.sdCard},format=raw,if=sd,snapshot=${options.snapshot === false ? 'off' : 'on'}`)
    }
    if (options.disk !== undefined) {
      const format = options.disk.endsWith('.qcow2') ? 'qcow2' : 'raw'
      args.push('-drive', `file=${options.disk},format=${format},if=none,id=d0,snapshot=${options.snapshot === false ? 'off' : 'on'}`,
        '-device', 'virtio-blk-pci,drive=d0,bootindex=1')
    }
    if (options.iso !== undefined) {
      args.push('-drive', `file=${options.iso},format=raw,media=cdrom,readonly=on,if=none,id=cd0`,
        '-device', 'ide-cd,drive=cd0,bus=ide.0,bootindex=0')
    }
    if (options.directKernel !== undefined) {
      args.push('-kernel', options.directKernel.kernel, '-initrd', options.directKernel.initrd,
        '-append', options.directKernel.commandLine,
        ...(options.directKernel.dtb === undefined ? [] : ['-dtb', options.directKernel.dtb]))
    }
    if (options.lanLink !== undefined) {
      args.push('-netdev', `socket,id=n1,udp=127.0.0.1:${options.lanLink.sendPort},localaddr=127.0.0.1:${options.lanLink.listenPort}`,
        '-device', `virtio-net-pci,netdev=n1,mac=52:54:00:12:34:99${nicRom(machine)}`)
    }
    if (options.usb !== undefined) {
      args.push('-device', 'qemu-xhci', '-drive', `file=${options.usb},format=raw,if=none,id=u0,snapshot=on`,
        '-device', 'usb-storage,drive=u0,bootindex=0')
    }
    return new VM(directory, httpPort, args, options)
  }

  private console: Socket | undefined
  private commands = 0

  /**
   * Runs `command` in the root shell on the serial console of a debug image (boot with
   * `shell: true`) and resolves with its exit status and output. Only short lines cross the
   * console: the command goes in base64 chunks, and the output comes back through a small
   * raw disk the guest writes it to (a long line on the console can lose bytes), announced
   * by a marker the shell computes, so the echo of the typed line cannot be mistaken for it.
   */
  async shell (command: string, timeoutMs = 120_000): Promise<{ status: number, output: string }> {
    if (this.console === undefined) {
      const socket = connect(join(this.directory, 'serial.sock'))
      await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
      socket.on('error', () => {})
      // What the console prints arrives here too; it is read from the log, but is drained.
      socket.on('data', () => {})
      this.console = socket
      // Quiet the kernel on the console, and find the transfer disk by its serial number.
      this.console.write('\n')
      await sleep(500)
      this.console.write('dmesg -n 1; stty -echo; for d in /sys/block/vd*; do [ "$(cat $d/serial 2>/dev/null)" = pc2-transfer ] && export PC2_TRANSFER=/dev/${d##*/}; done\n')
      await sleep(500)
    }
    const id = ++this.commands
    const from = this.serial().length
    const encoded = Buffer.from(command).toString('base64')
    const file = `/run/pc2-shell-${id}`
    // In lines well under the terminal's 4096-byte line limit.
    for (let offset = 0; offset < encoded.length; offset += 2000) this.console.write(`printf %s ${encoded.slice(offset, offset + 2000)} >> ${file}.b64\n`)
    this.console.write(`base64 -d ${file}.b64 > ${file}.sh; sh ${file}.sh > ${file}.out 2>&1; s=$?; dd if=${file}.out of=$PC2_TRANSFER bs=1M oflag=direct conv=fsync,sync 2>/dev/null; echo "@@$((${id}+0))@@ $s $(stat -c %s ${file}.out) @@end@@"\n`)
    const match = await this.waitForSerial(new RegExp(`@@${id}@@ (\\d+) (\\d+) @@end@@`), timeoutMs, from)
    const size = Number(match[2])
    if (size > transferBytes) throw new Error(`the output of ${JSON.stringify(command.slice(0, 80))} is ${size} bytes, more than the transfer disk holds`)
    const output = readFileSync(join(this.directory, 'transfer.img')).subarray(0, size).toString('utf8')
    return { status: Number(match[1]), output }
  }

  serial (): string {
    try { return readFileSync(this.serialPath, 'utf8') } catch { return '' }
  }

  /** Whether the guest kernel panicked (counting only console output after `from`). */
  panicked (from = 0): boolean {
    return PANIC.test(this.serial().slice(from))
  }

  /** Waits until the serial console shows `pattern` (counting only output after `from`). */
  async waitForSerial (pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const match = this.serial().slice(from).match(pattern)
      if (match !== null) return match
      if (this.panicked(from)) {
        // The trace that follows the panic line is the useful part of the failure.
        await sleep(2000)
        throw new GuestPanic(`the guest kernel panicked before the serial console showed ${pattern}; last lines:\n${this.tail()}`, this.serial().slice(from))
      }
      if (await this.hasExited()) break
      await sleep(500)
    }
    const why = this.failure === undefined ? `within ${timeoutMs / 1000}s` : `before ${this.failure}`
    throw new Error(`serial console did not show ${pattern} ${why}; last lines:\n${this.tail()}`)
  }

  tail (lines = 40): string {
    return this.serial().split('\n').slice(-lines).join('\n')
  }

  /** GET `path` from the node's forwarded admin port; `cookie` sends an owner session. */
  async getJson<T = any> (path: string, options: { cookie?: string, timeoutMs?: number } = {}): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}${path}`, {
      headers: options.cookie === undefined ? {} : { cookie: options.cookie },
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000)
    })
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`)
    return await response.json() as T
  }

  /** Sends one QMP command (after the capabilities handshake) and returns its answer. */
  async qmp (command: string, args?: Record<string, unknown>): Promise<unknown> {
    const socket = connect(join(this.directory, 'qmp.sock'))
    const lines: any[] = []
    let buffer = ''
    socket.on('data', (chunk) => {
      buffer += chunk.toString()
      let newline
      while ((newline = buffer.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, newline)))
        buffer = buffer.slice(newline + 1)
      }
    })
    const next = async (): Promise<any> => {
      for (let i = 0; i < 200; i++) {
        const index = lines.findIndex((line) => 'return' in line || 'error' in line || 'QMP' in line)
        if (index >= 0) return lines.splice(index, 1)[0]
        await sleep(50)
      }
      throw new Error(`QMP ${command}: no answer`)
    }
    try {
      await next()
      socket.write(JSON.stringify({ execute: 'qmp_capabilities' }) + '\n')
      await next()
      socket.write(JSON.stringify({ execute: command, arguments: args }) + '\n')
      const answer = await next()
      if ('error' in answer) throw new Error(`QMP ${command}: ${JSON.stringify(answer.error)}`)
      return answer.return
    } finally {
      socket.destroy()
    }
  }

  /**
   * Points the admin port's forward at `guestAddress` (QEMU's default is the first address
   * its DHCP server hands out, 10.0.2.15). The emulated Pi's USB Ethernet can come back from
   * a reboot with another hardware address — Linux binds either of the two configurations
   * QEMU's USB network device offers — and so with another lease.
   */
  async forwardHttpTo (guestAddress: string): Promise<void> {
    if (guestAddress === this.httpGuestAddress) return
    const netdev = 'n0'
    for (const command of [`hostfwd_remove ${netdev} tcp:127.0.0.1:${this.httpPort}`, `hostfwd_add ${netdev} tcp:127.0.0.1:${this.httpPort}-${guestAddress}:80`]) {
      const answer = await this.qmp('human-monitor-command', { 'command-line': command })
      // The monitor answers in words: "… removed" and silence are success.
      if (typeof answer === 'string' && /not found|could not|invalid|error/i.test(answer)) throw new Error(`QEMU ${command}: ${answer.trim()}`)
    }
    this.httpGuestAddress = guestAddress
  }

  async hasExited (): Promise<boolean> {
    return await Promise.race([this.exited.then(() => true), sleep(0, false)])
  }

  /** Resolves with QEMU's exit code, or rejects if it is still running after `timeoutMs`. */
  async waitForExit (timeoutMs: number): Promise<number | null> {
    const timer = sleep(timeoutMs, 'timeout' as const)
    const result = await Promise.race([this.exited, timer])
    if (result === 'timeout') throw new Error(`QEMU still running after ${timeoutMs / 1000}s; last lines:\n${this.tail()}`)
    return result
  }

  kill (): void {
    clearTimeout(this.deadline)
    if (this.process.exitCode === null && this.process.pid !== undefined) {
      try { process.kill(this.process.pid, 'SIGKILL') } catch {}
    }
  }

  /**
   * Cuts the power: QEMU is killed mid-flight (whatever the guest had not flushed to the disk
   * is gone, RAM and firmware state too) and a new QEMU boots the same disk on the same ports.
   * A cold start, as after a real cut; a warm system_reset under TCG has hung in firmware here.
   */
  async powerCut (): Promise<VM> {
    if (this.options.snapshot !== false) throw new Error('a power cut needs a VM booted with snapshot: false, or the disk forgets everything')
    await this.dispose()
    return await VM.boot({ ...this.options, hostPort: this.httpPort })
  }

  /**
   * Switches the same machine off and on again in place: the same disk, firmware variables
   * and ports, a new console log (the old one is kept with the others).
   */
  async restart (): Promise<void> {
    this.console?.destroy()
    this.console = undefined
    this.kill()
    await this.exited
    this.keepSerial()
    rmSync(this.serialPath, { force: true })
    this.start()
  }

  async dispose (): Promise<void> {
    this.console?.destroy()
    this.kill()
    await this.exited
    this.keepSerial()
    rmSync(this.directory, { recursive: true, force: true })
  }

  /** The console of every guest is kept (small) for whoever reads a failure afterwards. */
  private keepSerial (): void {
    const keep = join(OUT, 'serial')
    mkdirSync(keep, { recursive: true })
    try { copyFileSync(this.serialPath, join(keep, `${new Date(this.startedAt).toISOString().replace(/[:.]/g, '-')}-${this.httpPort}.log`)) } catch {}
  }
}

const PANIC = /Kernel panic - not syncing/

/** The guest kernel panicked while a test waited for something else on its console. */
export class GuestPanic extends Error {
  readonly console: string

  constructor (message: string, console: string) {
    super(message)
    this.console = console
  }

  /**
   * True for the one crash that is the emulator's: under TCG with several vCPUs, a vCPU can
   * still run a breakpoint the kernel had placed while it patched a static branch (text_poke)
   * after the patch is done and the handler gone ("Oops: int3"); KVM and real CPUs serialise
   * that. Any other panic is the image's and fails the test.
   */
  isEmulatorTextPatchRace (): boolean {
    return accelerator() === 'tcg' && /Oops: int3\b/.test(this.console)
  }
}

/** The PC2 ready marker printed by pc2-banner.service. */
export const READY = /PC2 \S+ ready\./

/** Boots until the node is ready and its API answers; returns seconds since QEMU started. */
export async function waitUntilReady (vm: VM, timeoutMs = 10 * 60_000, from = 0): Promise<number> {
  try {
    await vm.waitForSerial(READY, timeoutMs, from)
  } catch (error) {
    if (!(error instanceof GuestPanic) || !error.isEmulatorTextPatchRace()) throw error
    process.stdout.write('# the guest kernel hit a stale breakpoint while patching its own code (a cross-vCPU race of TCG, not of the image); switching the same machine off and on once\n')
    await vm.restart()
    await vm.waitForSerial(READY, timeoutMs)
  }
  // The banner's first address line is the node's address on QEMU's network.
  const address = /PC2 \S+ ready\.\s+Admin UI: \S+\s+http:\/\/(10\.0\.2\.\d+)\//.exec(vm.serial().slice(from))?.[1]
  if (address !== undefined) await vm.forwardHttpTo(address)
  const until = Date.now() + 60_000
  for (;;) {
    try {
      await vm.getJson('/api/health', { timeoutMs: 10_000 })
      return (Date.now() - vm.startedAt) / 1000
    } catch (error) {
      if (Date.now() > until) throw error
      await sleep(1000)
    }
  }
}
