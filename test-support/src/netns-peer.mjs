// The "rest of the network" in a test namespace: TCP servers that answer "ok" and close,
// and UDP servers that echo, on the ports given in argv (tcp:9000 udp:9001 …).
import { createServer } from 'node:net'
import { createSocket } from 'node:dgram'

const host = process.argv[2]
for (const spec of process.argv.slice(3)) {
  const [protocol, port] = spec.split(':')
  if (protocol === 'tcp') createServer((socket) => { socket.end('ok') }).listen(Number(port), host)
  else createSocket('udp4').on('message', function (message, from) { this.send(message, from.port, from.address) }).bind(Number(port), host)
}
process.stdout.write('listening\n')
