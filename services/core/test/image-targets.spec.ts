import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  architectureFacts, baseFacts, cpuArchitectures, gptPartitionTypes, imageEntryName, imageOutputs, imageTargetFacts, imageTargets, partitionTypes
} from '../src/index.ts'

const guid = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/

describe('image targets table', () => {
  it('has a row for every target image.config accepts, on a known architecture', () => {
    assert.deepEqual(Object.keys(imageTargetFacts), [...imageTargets])
    for (const target of imageTargets) assert.ok(cpuArchitectures.includes(imageTargetFacts[target].architecture), target)
    assert.deepEqual(Object.keys(architectureFacts), [...cpuArchitectures])
  })

  it('gives each architecture its Debian and UEFI names and its Discoverable Partitions root types', () => {
    assert.deepEqual([architectureFacts.x86_64.debian, architectureFacts.x86_64.efi], ['amd64', 'x64'])
    assert.deepEqual([architectureFacts.aarch64.debian, architectureFacts.aarch64.efi], ['arm64', 'aa64'])
    assert.equal(architectureFacts.x86_64.gptRoot, '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709')
    assert.equal(architectureFacts.x86_64.gptRootVerity, '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5')
    assert.equal(architectureFacts.aarch64.gptRoot, 'B921B045-1DF0-41C3-AF44-4C6F280D3FAE')
    assert.equal(architectureFacts.aarch64.gptRootVerity, 'DF3300CE-D69F-4C92-978C-9BFB0F38D820')
    for (const type of [...Object.values(gptPartitionTypes), ...cpuArchitectures.flatMap((name) => [architectureFacts[name].gptRoot, architectureFacts[name].gptRootVerity])]) assert.match(type, guid)
  })

  it('gives every GPT target its architecture\'s root types and the ESP, and the Pi card MBR types', () => {
    for (const target of imageTargets) {
      const facts = imageTargetFacts[target]
      const architecture = architectureFacts[facts.architecture]
      if (facts.partitionTable === 'gpt') {
        assert.equal(facts.boot, 'uefi', target)
        assert.deepEqual(partitionTypes(target), { boot: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B', root: architecture.gptRoot, verity: architecture.gptRootVerity, data: '0FC63DAF-8483-4772-8E79-3D69D8477DE4' }, target)
      } else {
        assert.equal(facts.boot, 'raspberrypi', target)
        assert.deepEqual(partitionTypes(target), { boot: 'c', root: '83', verity: '83', data: '83' }, target)
      }
    }
  })

  it('ends every target\'s consoles with a serial port (/dev/console, where the tests read)', () => {
    for (const target of imageTargets) assert.match(imageTargetFacts[target].consoles.at(-1)!, /^tty(S|AMA)\d+,115200$/, target)
  })

  it('offers only outputs image.config knows, the ISO on the PC only', () => {
    for (const target of imageTargets) {
      for (const output of imageTargetFacts[target].outputs) assert.ok(imageOutputs.includes(output), `${target}: ${output}`)
      assert.equal(imageTargetFacts[target].outputs.includes('iso'), target === 'x86_64', target)
    }
  })

  it('gives the Pi card its firmware, device trees and Imager devices, and no other target any', () => {
    const pi = imageTargetFacts.rpi.raspberryPi
    assert.ok(pi)
    assert.deepEqual(pi.firmwareFiles, ['bootcode.bin', 'start.elf', 'fixup.dat', 'start4.elf', 'fixup4.dat'])
    assert.ok(pi.deviceTrees.includes('bcm2711-rpi-4-b.dtb'))
    assert.equal(pi.deviceTrees.filter((tree) => pi.optionalDeviceTrees.includes(tree)).length, 0)
    assert.equal(imageTargetFacts.x86_64.raspberryPi, undefined)
    assert.equal(imageTargetFacts.aarch64.raspberryPi, undefined)
  })

  it('has the arm64 base download the boot partition packages of every arm64 target', () => {
    assert.deepEqual(baseFacts('aarch64'), { debianComponents: ['main', 'non-free-firmware'], bootPartitionPackages: ['raspi-firmware'] })
    assert.deepEqual(baseFacts('x86_64'), { debianComponents: ['main'], bootPartitionPackages: [] })
  })

  it('names image.json entries: plain for the PC, with the target otherwise', () => {
    assert.equal(imageEntryName('pc2', 'x86_64'), 'pc2')
    assert.equal(imageEntryName('debug', 'x86_64'), 'debug')
    assert.equal(imageEntryName('pc2', 'aarch64'), 'pc2-aarch64')
    assert.equal(imageEntryName('pc2', 'rpi'), 'pc2-rpi')
  })

  it('emulates the Pi 3B with its console on QEMU\'s second serial port and no KVM', () => {
    assert.deepEqual(imageTargetFacts.rpi.qemu.consoleSerialPort, 1)
    assert.equal(imageTargetFacts.rpi.qemu.disk, 'sd')
    assert.equal(imageTargetFacts.aarch64.qemu.kvm, false)
    assert.equal(imageTargetFacts.x86_64.qemu.kvm, true)
  })
})
