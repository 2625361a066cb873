// QEMU's `guestfwd=…-cmd:` runs this once per guest connection, with the connection as
// stdin/stdout: it relays the bytes to 127.0.0.1:<port> on the host. (A guestfwd to a tcp
// chardev instead shares one host connection among all guest connections.)
import { connect } from 'node:net'

const port = Number(process.argv[2])
const socket = connect({ host: '127.0.0.1', port })
process.stdin.pipe(socket)
socket.pipe(process.stdout)
socket.on('error', () => process.exit(1))
socket.on('close', () => process.exit(0))
process.stdin.on('end', () => socket.end())
