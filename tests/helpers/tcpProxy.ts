/**
 * A TCP proxy in front of PostgreSQL that a test can cut: `down()` drops every open connection and
 * refuses new ones (what an app sees when the server dies), `up()` lets connections through again.
 */
import net from 'node:net'

export type TcpProxy = {
  close: () => Promise<void>
  down: () => Promise<void>
  port: number
  up: () => Promise<void>
  /** `url` with its host and port replaced by the proxy's. */
  url: (url: string) => string
}

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      if (server) return resolve()
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => undefined)
        }
        client.pipe(upstream).pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address()
        port = typeof address === 'object' && address ? address.port : port
        resolve()
      })
    })
  const down = async () => {
    const closed = new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve())
    for (const socket of sockets) socket.destroy()
    await closed
    server = undefined
  }
  await listen()
  return {
    close: down,
    down,
    get port() {
      return port
    },
    up: listen,
    url: (url) => {
      const parsed = new URL(url)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(port)
      return parsed.toString()
    },
  }
}
