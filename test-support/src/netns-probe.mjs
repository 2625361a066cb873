// Connection attempts from wherever this process was started (a cgroup, a namespace):
// argv[2] is JSON [{ protocol, host, port }], the result on stdout is JSON
// [{ ok, code, ms }] in the same order. A TCP attempt is ok when the peer answered "ok";
// a UDP one when a reply came back. Each has a 3 s deadline.
import { connect } from 'node:net'
import { createSocket } from 'node:dgram'

const attempts = JSON.parse(process.argv[2])
const results = []
for (const attempt of attempts) {
  const started = performance.now()
  results.push(await new Promise((resolve) => {
    const done = (ok, code) => { clearTimeout(timer); resolve({ ok, code, ms: Math.round((performance.now() - started) * 100) / 100 }) }
    const timer = setTimeout(() => { socket.destroy?.(); socket.close?.(); done(false, 'TIMEOUT') }, 3000)
    let socket
    if (attempt.protocol === 'udp') {
      socket = createSocket(attempt.host.includes(':') ? 'udp6' : 'udp4')
      socket.on('error', (error) => { socket.close(); done(false, error.code) })
      socket.on('message', () => { socket.close(); done(true, 'REPLY') })
      socket.send('ping', attempt.port, attempt.host, (error) => { if (error) { socket.close(); done(false, error.code) } })
    } else {
      socket = connect({ host: attempt.host, port: attempt.port })
      let answer = ''
      socket.on('data', (chunk) => { answer += chunk })
      socket.on('end', () => { done(answer === 'ok', answer === 'ok' ? 'OK' : 'EMPTY') })
      socket.on('error', (error) => { done(false, error.code) })
    }
  }))
}
process.stdout.write(`${JSON.stringify(results)}\n`)
