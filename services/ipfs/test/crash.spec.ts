import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { send } from './fixtures/http-client.ts'
import { mebibyte, upload } from './fixtures/node.ts'
import { startServiceProcess } from './fixtures/process.ts'
import type { ServiceProcess } from './fixtures/process.ts'

const octets = { 'Content-Type': 'application/octet-stream' }

describe('SIGKILL in the middle of an upload', () => {
  let root: string | undefined
  let running: ServiceProcess | undefined
  after(async () => {
    await running?.kill()
    if (root !== undefined) await rm(root, { recursive: true, force: true, maxRetries: 5 })
  })

  it('loses nothing acknowledged: finished files intact, the open upload resumes from what was counted', async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-ipfs-crash-'))
    const settings = '[ipfs]\nquota = 256M\n'
    running = await startServiceProcess({ root, settings })
    const api = (process: ServiceProcess): { request: (method: string, path: string, options?: Parameters<typeof send>[3]) => ReturnType<typeof send> } =>
      ({ request: async (method, path, options) => await send({ socketPath: process.socketPath }, method, path, options) })
    const peerId = (await api(running).request('GET', '/health')).json<{ peerId: string }>().peerId

    // Acknowledged before the kill: two complete files, and part of a third.
    const finished = [randomBytes(mebibyte + 17), randomBytes(3 * mebibyte)]
    const finishedCids = [await upload(api(running), finished[0] as Buffer, [100_000]), await upload(api(running), finished[1] as Buffer)]
    const open = randomBytes(6 * mebibyte + 999)
    const id = (await api(running).request('POST', '/uploads', { json: { size: open.byteLength } })).json<{ id: string }>().id
    const acknowledged = (await api(running).request('PUT', `/uploads/${id}?offset=0`, { body: open.subarray(0, mebibyte + 5000), headers: octets })).json<{ offset: number }>().offset
    assert.equal(acknowledged, mebibyte + 5000)

    // A PUT in flight: the kill lands after the server counted a block from it, mid-body.
    const victim = running
    const inFlight = api(victim).request('PUT', `/uploads/${id}?offset=${acknowledged}`, {
      headers: { ...octets, 'Content-Length': String(open.byteLength - acknowledged) },
      write: async (outgoing) => {
        outgoing.write(open.subarray(acknowledged, 3 * mebibyte + 123))
        while ((await api(victim).request('GET', `/uploads/${id}`)).json<{ offset: number }>().offset < 3 * mebibyte) await sleep(10)
        await victim.kill('SIGKILL')
      }
    })
    await assert.rejects(inFlight)

    running = await startServiceProcess({ root, settings })
    assert.equal((await api(running).request('GET', '/health')).json<{ peerId: string }>().peerId, peerId, 'the peer id survives a restart')
    const status = (await api(running).request('GET', `/uploads/${id}`)).json<{ offset: number, state: string }>()
    assert.equal(status.state, 'open')
    // Everything counted before the kill is there; nothing is claimed that was not sent.
    assert.ok(status.offset >= 3 * mebibyte && status.offset <= 3 * mebibyte + 123, `offset ${status.offset}`)
    const resumed = await api(running).request('PUT', `/uploads/${id}?offset=${status.offset}`, { body: open.subarray(status.offset), headers: octets })
    assert.equal(resumed.status, 200, resumed.body.toString())
    const completed = await api(running).request('POST', `/uploads/${id}/complete`)
    assert.equal(completed.status, 201)
    const openCid = completed.json<{ cid: string }>().cid

    // A collection after the restart must not take anything that belongs to a file.
    await api(running).request('POST', '/gc')
    const files: Array<[string, Buffer]> = [[openCid, open], ...finished.map((bytes, index): [string, Buffer] => [finishedCids[index] as string, bytes])]
    for (const [cid, bytes] of files) {
      const served = await api(running).request('GET', `/ipfs/${cid}`)
      assert.equal(served.status, 200)
      assert.ok(served.body.equals(bytes), `${cid} differs`)
    }
    // And a stop as systemd does it is clean.
    const stopping = running
    await stopping.kill('SIGTERM')
    assert.equal(stopping.child.exitCode, 0, stopping.output())
  })
})
