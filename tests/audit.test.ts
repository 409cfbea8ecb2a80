import { createLocalReq, initTransaction, killTransaction } from 'payload'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { presentAuditChanges, verifyAuditChain } from 'payload-events-cms/audit'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createVenue,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type AuditRow = {
  action: string
  changes: Record<string, { from: unknown; to: unknown }> | null
  collection: string
  document_id: null | string
  ip: null | string
  origin: string
  user_id: null | string
}

describe('audit log', () => {
  let admin: Actor
  let user: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  /** Rows as readers see them: ip and personal fields out of their erasable parts. */
  const rows = async (collection: string) =>
    (
      await app.sql.query<AuditRow>(
        `SELECT action, collection, document_id, user_id, ip, origin, changes FROM audit_logs
         WHERE collection = $1 ORDER BY seq`,
        [collection],
      )
    ).rows.map((row) => {
      const shown = presentAuditChanges(row.changes)
      return { ...row, changes: shown.changes as AuditRow['changes'], ip: shown.ip ?? row.ip }
    })

  it('should record create, update and delete through REST with who, what and from where', async () => {
    const created = await app.rest.post(
      `/${slugs.tags}`,
      { name: 'Jazz' },
      { headers: { 'user-agent': 'curl/8', 'x-forwarded-for': '203.0.113.7' }, token: admin.token },
    )
    const { doc } = await json<{ doc: { id: string } }>(created)
    await app.rest.patch(`/${slugs.tags}/${doc.id}`, { name: 'Free Jazz' }, { token: admin.token })
    await app.rest.delete(`/${slugs.tags}/${doc.id}`, { token: admin.token })

    const log = await rows(slugs.tags)
    expect(log.map(({ action }) => action)).toEqual(['create', 'update', 'delete'])
    expect(log[0]).toMatchObject({
      document_id: doc.id,
      ip: '203.0.113.7',
      origin: 'rest',
      user_id: admin.id,
    })
    expect(log[1]?.changes).toEqual({
      name: { from: 'Jazz', to: 'Free Jazz' },
      slug: undefined,
    })
  })

  it('should record an edited block on publish and name a draft save of a live page', async () => {
    const created = await app.rest.post(
      `/${slugs.pages}`,
      {
        _status: 'published',
        layout: [{ blockType: 'hero', heading: 'Welcome' }],
        slug: 'audited',
        title: 'Audited',
      },
      { token: admin.token },
    )
    const { doc } = await json<{ doc: { id: string; layout: { id: string }[] } }>(created)
    const block = { blockType: 'hero', heading: 'Welcome back', id: doc.layout[0]?.id }
    await app.rest.patch(
      `/${slugs.pages}/${doc.id}`,
      { _status: 'published', layout: [block] },
      {
        token: admin.token,
      },
    )
    await app.rest.patch(`/${slugs.pages}/${doc.id}`, { _status: 'draft' }, { token: admin.token })
    await app.rest.patch(
      `/${slugs.pages}/${doc.id}`,
      { _status: 'published' },
      { token: admin.token },
    )
    await app.rest.patch(
      `/${slugs.pages}/${doc.id}?draft=true`,
      { layout: [{ ...block, heading: 'Draft heading' }] },
      { token: admin.token },
    )

    const log = await rows(slugs.pages)
    expect(log.map(({ action }) => action)).toEqual([
      'publish',
      'update',
      'unpublish',
      'publish',
      'draft',
    ])
    expect(JSON.stringify(log[1]?.changes)).toContain('Welcome back')
  })

  it('should record GraphQL and Local API writes with their origin', async () => {
    await app.graphql('mutation { createTag(data: { name: "Blues" }) { id } }', {
      token: admin.token,
    })
    await app.payload.create({ collection: slugs.tags, data: { name: 'Soul', slug: 'soul' } })

    expect((await rows(slugs.tags)).map(({ origin }) => origin)).toEqual(['graphql', 'local'])
  })

  it('should write no audit row when the change rolls back', async () => {
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    await app.payload.create({ collection: slugs.tags, data: { name: 'Gone', slug: 'gone' }, req })
    const inside = (await app.payload.find({ collection: slugs.auditLogs, req })).totalDocs

    await killTransaction(req)

    expect(inside).toBe(1)
    expect(await rows(slugs.tags)).toEqual([])
  })

  it('should write no audit row for a refused booking', async () => {
    const event = await createEvent(app, { capacity: 1 })

    const refused = await app.rest.post(
      `/${slugs.bookings}`,
      { event: event.id, seats: 2 },
      { token: user.token },
    )

    expect(refused.status).toBe(409)
    expect(await rows(slugs.bookings)).toEqual([])
  })

  it('should record a role change as such, with secrets never stored', async () => {
    const created = await app.payload.create({
      collection: slugs.users,
      data: { email: 'temp@example.com', password: 'secret-password-123', role: 'user' },
    })
    await app.rest.patch(
      `/${slugs.users}/${created.id}`,
      { role: 'organizer' },
      { token: admin.token },
    )

    const log = await rows(slugs.users)
    const forUser = log.filter(({ document_id }) => document_id === created.id)
    expect(forUser.map(({ action }) => action)).toEqual(['create', 'role_change'])
    expect(JSON.stringify(forUser)).not.toContain('secret-password-123')
    await app.payload.delete({ collection: slugs.users, id: created.id })
  })

  it('should record failed logins with the IP and the email tried', async () => {
    const response = await app.rest.post(
      `/${slugs.users}/login`,
      { email: 'ana@example.com', password: 'wrong-password' },
      { headers: { 'x-forwarded-for': '198.51.100.23' } },
    )

    expect(response.status).toBe(401)
    const failed = (await rows(slugs.users)).filter(({ action }) => action === 'login_failed')
    expect(failed).toEqual([
      expect.objectContaining({
        changes: { email: 'ana@example.com', status: 401 },
        ip: '198.51.100.23',
      }),
    ])
  })

  it('should record a failed GraphQL login with the email tried and the IP', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.77' }
    const inline = await app.graphql(
      `mutation { loginUser(email: "ana@example.com", password: "wrong") { token } }`,
      { headers },
    )
    expect(JSON.stringify(await inline.json())).toContain('errors')
    const withVariables = await app.graphql(
      `mutation ($email: String!, $password: String!) { loginUser(email: $email, password: $password) { token } }`,
      { headers, variables: { email: 'bob@example.com', password: 'wrong' } },
    )
    expect(JSON.stringify(await withVariables.json())).toContain('errors')

    const failed = (await rows(slugs.users)).filter(({ action }) => action === 'login_failed')
    expect(failed).toEqual([
      expect.objectContaining({
        changes: { email: 'ana@example.com', status: 401 },
        ip: '198.51.100.77',
        origin: 'graphql',
      }),
      expect.objectContaining({ changes: { email: 'bob@example.com', status: 401 } }),
    ])
  })

  it('should record logins and logouts', async () => {
    const login = await app.rest.post(`/${slugs.users}/login`, {
      email: 'ana@example.com',
      password: 'correct-horse-battery',
    })
    const { token } = await json<{ token: string }>(login)
    await app.rest.post(`/${slugs.users}/logout`, {}, { token })

    const actions = (await rows(slugs.users)).map(({ action }) => action)
    expect(actions).toEqual(['login', 'logout'])
  })

  it('should refuse creating, editing and deleting audit rows through the API', async () => {
    await createVenue(app)
    const [row] = (
      await json<{ docs: { id: string }[] }>(
        await app.rest.get(`/${slugs.auditLogs}`, { token: admin.token }),
      )
    ).docs

    const create = await app.rest.post(
      `/${slugs.auditLogs}`,
      { action: 'create', collection: 'x' },
      { token: admin.token },
    )
    const update = await app.rest.patch(
      `/${slugs.auditLogs}/${row?.id}`,
      { action: 'delete' },
      { token: admin.token },
    )
    const remove = await app.rest.delete(`/${slugs.auditLogs}/${row?.id}`, { token: admin.token })

    expect([create.status, update.status, remove.status]).toEqual([403, 403, 403])
  })

  it('should let admins read and filter the log, and nobody else', async () => {
    await createVenue(app)
    await app.payload.create({ collection: slugs.tags, data: { name: 'Rock', slug: 'rock' } })
    await app.rest.post(
      `/${slugs.tags}`,
      { name: 'Blues' },
      { headers: { 'user-agent': 'curl/8', 'x-forwarded-for': '203.0.113.8' }, token: admin.token },
    )

    const filtered = await app.rest.get(
      `/${slugs.auditLogs}?where[collection][equals]=tags&where[action][equals]=create`,
      {
        token: admin.token,
      },
    )
    const byUser = await app.rest.get(`/${slugs.auditLogs}`, { token: user.token })

    // The ip column (a copy of the erasable $actor part) can be filtered on, as in the admin.
    const byIp = await json<{ docs: { action: string; ip: string; userAgent: string }[] }>(
      await app.rest.get(`/${slugs.auditLogs}?where[ip][equals]=203.0.113.8`, {
        token: admin.token,
      }),
    )

    expect((await json<{ totalDocs: number }>(filtered)).totalDocs).toBe(2)
    expect(byIp.docs).toEqual([
      expect.objectContaining({ action: 'create', ip: '203.0.113.8', userAgent: 'curl/8' }),
    ])
    expect(byUser.status).toBe(403)
  })

  it('should have PostgreSQL refuse UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await createVenue(app)

    await expect(app.sql.query(`UPDATE audit_logs SET ip = '1.2.3.4'`)).rejects.toThrow(
      'append-only',
    )
    await expect(app.sql.query('DELETE FROM audit_logs')).rejects.toThrow('append-only')
    await expect(app.sql.query('TRUNCATE audit_logs CASCADE')).rejects.toThrow('append-only')
  })

  it('should keep one unbroken chain under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.rest.post(`/${slugs.tags}`, { name: `Tag ${i}` }, { token: admin.token }),
      ),
    )

    expect(await rows(slugs.tags)).toHaveLength(40)
    expect(await verifyAuditChain(app.sql)).toEqual({
      erased: { actor: 0, personal: 0 },
      ok: true,
      rows: 40,
    })
  })

  it('should detect a tampered row and name it', async () => {
    for (const name of ['One', 'Two', 'Three']) {
      await app.payload.create({ collection: slugs.tags, data: { name, slug: name.toLowerCase() } })
    }
    const {
      rows: [second],
    } = await app.sql.query<{ seq: string }>(
      'SELECT seq FROM audit_logs ORDER BY seq OFFSET 1 LIMIT 1',
    )
    // Someone with DDL rights turns the trigger off to rewrite history.
    await app.sql.query(`BEGIN;
      ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
      UPDATE audit_logs SET changes = '{"name":{"from":null,"to":"Forged"}}' WHERE seq = ${Number(second?.seq)};
      ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;
      COMMIT`)

    expect(await verifyAuditChain(app.sql)).toMatchObject({ ok: false, rows: 2, seq: second?.seq })
  })
})
