/**
 * Who owns a persistent cluster: the process that holds its lock, a Unix socket bound by the owner.
 * On Linux it is an abstract socket, which the kernel releases the moment the owner dies (kill -9
 * included, before any parent reaps the zombie), so a lock can never outlive its owner and two
 * processes can never both own one cluster. Other processes (a second app, `audit:verify`, `seed`,
 * the Payload CLI) connect as guests: the owner tells them the port and counts them, and never
 * stops the server while a guest is connected. When the owner goes away, a guest takes over.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export type OwnerState = { pid: number; port: number; state: 'running' | 'stopping' }

export type OwnerLock = {
  role: 'owner'
  /** Guests connected right now. */
  guests: () => number
  /** Tells waiting and future guests where the server listens. */
  publish: (port: number) => void
  /** Stops admitting guests (they wait and then take over or start anew). */
  markStopping: () => void
  release: () => Promise<void>
}

export type GuestLease = {
  role: 'guest'
  owner: OwnerState
  /** Called once if the owner goes away while we are still a guest. */
  onOwnerLost: (listener: () => void) => void
  release: () => void
}

const ACQUIRE_TIMEOUT_MS = 90_000

const lockAddress = (dataDir: string): string => {
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24)
  const name = `payload-events-cms-${digest}`
  return process.platform === 'linux' ? `\0${name}` : path.join(os.tmpdir(), `${name}.sock`)
}

const listen = (address: string) =>
  new Promise<net.Server | undefined>((resolve, reject) => {
    const server = net.createServer()
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    )
    server.listen(address, () => resolve(server))
  })

type Visit =
  { kind: 'guest'; owner: OwnerState; socket: net.Socket } | { kind: 'gone' } | { kind: 'stopping' }

/** Connects to the owner and reads its first line; `gone` when nobody listens any more. */
const visit = (address: string) =>
  new Promise<Visit>((resolve) => {
    const socket = net.connect(address)
    let buffered = ''
    let settled = false
    const settle = (visit: Visit) => {
      if (settled) return
      settled = true
      resolve(visit)
    }
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8')
      const newline = buffered.indexOf('\n')
      if (newline < 0 || settled) return
      const owner = JSON.parse(buffered.slice(0, newline)) as OwnerState
      if (owner.state === 'running') settle({ kind: 'guest', owner, socket })
      else {
        // Wait for the owner to finish stopping and let go of the lock.
        socket.once('close', () => settle({ kind: 'stopping' }))
      }
    })
    socket.once('error', () => settle({ kind: 'gone' }))
    socket.once('close', () => settle({ kind: 'gone' }))
  })

const ownerLock = (server: net.Server, address: string): OwnerLock => {
  const guests = new Set<net.Socket>()
  const waiting: net.Socket[] = []
  let state: OwnerState | undefined
  const tell = (socket: net.Socket) => {
    if (state) socket.write(`${JSON.stringify(state)}\n`)
    else waiting.push(socket)
  }
  server.on('connection', (socket) => {
    socket.on('error', () => undefined)
    socket.once('close', () => guests.delete(socket))
    if (state?.state !== 'stopping') guests.add(socket)
    tell(socket)
  })
  return {
    guests: () => guests.size,
    markStopping: () => {
      state = { pid: process.pid, port: state?.port ?? 0, state: 'stopping' }
    },
    publish: (port) => {
      state = { pid: process.pid, port, state: 'running' }
      for (const socket of waiting.splice(0)) tell(socket)
    },
    release: async () => {
      for (const socket of [...guests, ...waiting]) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (!address.startsWith('\0')) fs.rmSync(address, { force: true })
    },
    role: 'owner',
  }
}

const guestLease = (socket: net.Socket, owner: OwnerState): GuestLease => {
  let released = false
  let lost: (() => void) | undefined
  socket.once('close', () => {
    if (!released) lost?.()
  })
  // A guest must never keep the process alive on its own.
  socket.unref()
  return {
    onOwnerLost: (listener) => {
      lost = listener
    },
    owner,
    release: () => {
      released = true
      socket.destroy()
    },
    role: 'guest',
  }
}

/**
 * Becomes the owner of `dataDir`'s cluster, or a guest of the live owner. Waits while an owner is
 * stopping, and retries when an owner vanishes between the two steps.
 */
export const acquireCluster = async (dataDir: string): Promise<GuestLease | OwnerLock> => {
  const address = lockAddress(dataDir)
  const deadline = Date.now() + ACQUIRE_TIMEOUT_MS
  while (Date.now() < deadline) {
    const server = await listen(address)
    if (server) return ownerLock(server, address)
    const result = await visit(address)
    if (result.kind === 'guest') return guestLease(result.socket, result.owner)
    // A socket file left by a dead owner (no abstract sockets outside Linux) blocks the address.
    if (result.kind === 'gone' && !address.startsWith('\0')) fs.rmSync(address, { force: true })
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`Could not become the owner or a guest of the PostgreSQL cluster in ${dataDir}`)
}
