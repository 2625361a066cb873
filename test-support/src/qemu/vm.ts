// Boots a PC2 image in QEMU and watches it from outside: the serial console (a file), the
// admin port forwarded to 127.0.0.1, and QMP for resets and power-offs. What QEMU emulates
// for each target (machine, CPU, firmware, NIC, console port) is its row of the targets
// table in @pc2/core. Every VM has a hard deadline and is killed by PID, and by
// exit-cleanup.ts when the harness ends any other way, so a hung guest never hangs a run
// and none outlives it.
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { architectureFacts, imageTargetFacts } from '@pc2/core'
import type { ImageTarget, TargetFacts } from '@pc2/core'
import { waitForConsole } from '../console.ts'
import type { GuestConsole } from '../console.ts'
import { onExit, spawnOwned } from '../exit-cleanup.ts'
import { freePort } from '../free-port.ts'
import { OUT } from '../images.ts'
import { accelerator, KVM_FAILURE } from './accelerator.ts'
import { GuestPanic, PANIC } from './guest-panic.ts'

export type Firmware = 'uefi' | 'bios'

export interface BootOptions {
  /**
   * What is emulated (default x86_64, a q35 PC): aarch64 is QEMU's virt machine (cortex-a72,
   * UEFI); rpi a Raspberry Pi 3B, which QEMU boots by loading kernel, initramfs and device
   * tree itself (it does not run the Pi's GPU firmware), with the image as its SD card.
   */
  target?: ImageTarget
  /**
   * qcow2 or raw disk image, attached as the target's table says: a virtio disk, or the
   * board's SD card (rpi; raw, and its size must be a power of two).
   */
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

/** The accelerator, machine, CPU and memory arguments of a target. */
function machineArgs (facts: TargetFacts, memoryMiB: number | undefined): string[] {
  const { qemu } = facts
  const memory = memoryMiB ?? qemu.memoryMiB
  return [
    '-accel', qemu.kvm ? accelerator() : 'tcg', '-machine', qemu.machine,
    ...(qemu.cpu === undefined ? [] : ['-cpu', qemu.cpu]),
    ...(qemu.cpus === undefined ? [] : ['-smp', String(qemu.cpus)]),
    ...(memory === undefined ? [] : ['-m', String(memory)])
  ]
}

/** A virtio NIC's option: QEMU is told to load no ROM where the architecture has none. */
function nicRom (facts: TargetFacts): string {
  return architectureFacts[facts.architecture].qemu.nicOptionRom ? '' : ',romfile='
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

export class VM implements GuestConsole {
  readonly httpPort: number
  readonly serialPath: string
  startedAt = Date.now()
  private readonly directory: string
  private readonly options: BootOptions
  private readonly facts: TargetFacts
  private readonly args: string[]
  private process!: ChildProcess
  private deadline!: NodeJS.Timeout
  private exited!: Promise<number | null>
  private stderr = ''
  /** Why QEMU ended by itself, if it did. */
  private failure: string | undefined
  /** Where the admin port's forward goes in the guest (forwardHttpTo). */
  private httpGuestAddress = '10.0.2.15'

  /** Forgets the exit cleanup once dispose() has done its work. */
  private forgetCleanup: () => void

  private constructor (directory: string, httpPort: number, args: string[], options: BootOptions) {
    this.options = options
    this.facts = imageTargetFacts[options.target ?? 'x86_64']
    this.args = args
    this.directory = directory
    this.httpPort = httpPort
    this.serialPath = join(directory, 'serial.log')
    // However the harness ends, the guest goes, and its console is kept for whoever reads the failure.
    this.forgetCleanup = onExit(() => {
      this.kill()
      this.keepSerial()
      rmSync(this.directory, { recursive: true, force: true })
    })
    this.start()
  }

  private start (): void {
    const lifetimeMs = this.options.lifetimeMs ?? 15 * 60_000
    this.startedAt = Date.now()
    this.stderr = ''
    this.failure = undefined
    this.httpGuestAddress = '10.0.2.15'
    this.process = spawnOwned(architectureFacts[this.facts.architecture].qemu.binary, this.args, { stdio: ['ignore', 'ignore', 'pipe'] })
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
    const facts = imageTargetFacts[options.target ?? 'x86_64']
    const architecture = architectureFacts[facts.architecture]
    const serialLog = join(directory, 'serial.log')
    const args = [
      ...machineArgs(facts, options.memoryMiB),
      '-nodefaults', '-display', 'none',
      // The serial ports before the guest's console are left unconnected.
      ...Array.from({ length: facts.qemu.consoleSerialPort }, () => ['-serial', 'null']).flat(),
      ...(options.shell === true
        ? ['-chardev', `socket,id=serial0,path=${join(directory, 'serial.sock')},server=on,wait=off,logfile=${serialLog}`, '-serial', 'chardev:serial0']
        : ['-serial', `file:${serialLog}`]),
      ...(options.shell === true ? transferDisk(directory) : []),
      '-qmp', `unix:${join(directory, 'qmp.sock')},server=on,wait=off`,
      // restrict=on: the guest reaches nothing but what is forwarded here.
      '-netdev', `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${httpPort}-:80${guestForwards(options)}`,
      '-device', `${facts.qemu.nic},netdev=n0${facts.qemu.nicMac === undefined ? nicRom(facts) : `,mac=${facts.qemu.nicMac}`}`
    ]
    // The Pi boots without UEFI (QEMU loads its kernel); a PC may boot the ISO with BIOS.
    if (firmware === 'uefi' && facts.boot === 'uefi') {
      copyFileSync(architecture.qemu.uefiVars, join(directory, 'vars.fd'))
      args.push('-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${architecture.qemu.uefiCode}`,
        '-drive', `if=pflash,format=raw,unit=1,file=${join(directory, 'vars.fd')}`)
    }
    if (options.disk !== undefined) {
      const format = options.disk.endsWith('.qcow2') ? 'qcow2' : 'raw'
      const snapshot = options.snapshot === false ? 'off' : 'on'
      if (facts.qemu.disk === 'sd') args.push('-drive', `file=${options.disk},format=${format},if=sd,snapshot=${snapshot}`)
      else args.push('-drive', `file=${options.disk},format=${format},if=none,id=d0,snapshot=${snapshot}`, '-device', 'virtio-blk-pci,drive=d0,bootindex=1')
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
        '-device', `virtio-net-pci,netdev=n1,mac=52:54:00:12:34:99${nicRom(facts)}`)
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
    return await waitForConsole(this, pattern, { timeoutMs, from })
  }

  /** For waitForConsole: a panic ends a wait with its trace; QEMU's exit, with its reason. */
  async stopped (pattern: RegExp, from: number): Promise<string | undefined> {
    if (this.panicked(from)) {
      // The trace that follows the panic line is the useful part of the failure.
      await sleep(2000)
      throw new GuestPanic(`the guest kernel panicked before the serial console showed ${pattern}; last lines:\n${this.tail()}`, this.serial().slice(from))
    }
    // KVM that fails on a guest instruction leaves QEMU running with the guest stopped.
    const kvmFailure = this.stderr.split('\n').find((line) => KVM_FAILURE.test(line))
    if (kvmFailure !== undefined) return `QEMU stopped the guest: ${kvmFailure.trim()} (PC2_QEMU_ACCEL=tcg runs it emulated)`
    if (!await this.hasExited()) return undefined
    return this.failure ?? 'QEMU stopped'
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
      let newline: number
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
      socket.write(`${JSON.stringify({ execute: 'qmp_capabilities' })}\n`)
      await next()
      socket.write(`${JSON.stringify({ execute: command, arguments: args })}\n`)
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
    this.forgetCleanup()
  }

  /** The console of every guest is kept (small) for whoever reads a failure afterwards. */
  private keepSerial (): void {
    if (!existsSync(this.serialPath)) return
    const keep = join(OUT, 'serial')
    mkdirSync(keep, { recursive: true })
    try { copyFileSync(this.serialPath, join(keep, `${new Date(this.startedAt).toISOString().replace(/[:.]/g, '-')}-${this.httpPort}.log`)) } catch {}
  }
}
