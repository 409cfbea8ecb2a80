import {
  createLocalReq,
  getPayload,
  initTransaction,
  killTransaction,
  type SendEmailOptions,
} from 'payload'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { MAIL_QUEUE } from '../src/db/mailRulesSql'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createContactForm,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

describe('contact forms', () => {
  let admin: Actor
  let user: Actor
  const sent: SendEmailOptions[] = []

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, user } = await createActors(app))
    // Record what would be mailed (both Payload instances: the Local API's and the routes').
    const record = async (message: SendEmailOptions) => {
      sent.push(message)
    }
    app.payload.sendEmail = record
    ;(await getPayload({ config: app.config })).sendEmail = record
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    sent.length = 0
  })

  const submission = (form: string, values: Record<string, string>) => ({
    form,
    submissionData: Object.entries(values).map(([field, value]) => ({ field, value })),
  })

  it('should store a valid anonymous submission and mail the form recipients', async () => {
    const form = await createContactForm(app)
    const response = await app.rest.post(
      `/${slugs.formSubmissions}`,
      submission(String(form.id), { email: 'ana@example.com', message: 'Hi!', name: 'Ana' }),
    )
    expect(response.status).toBe(201)
    // Queued on the mail outbox with the submission (docs/mail.md), sent by the next run.
    expect(sent).toHaveLength(0)
    await app.payload.jobs.run({ queue: MAIL_QUEUE })
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ subject: 'Contact form: Ana', to: 'team@example.com' })
    await app.payload.jobs.run({ queue: MAIL_QUEUE })
    expect(sent, 'sent once').toHaveLength(1)
    expect(await app.payload.count({ collection: slugs.formSubmissions })).toMatchObject({
      totalDocs: 1,
    })
  })

  it('should refuse missing required fields, bad emails and unknown fields with a 400 naming them', async () => {
    const form = await createContactForm(app)
    const response = await app.rest.post(
      `/${slugs.formSubmissions}`,
      submission(String(form.id), { email: 'nope', name: '', shoeSize: '44' }),
    )
    expect(response.status).toBe(400)
    const message = (await json<{ errors: { message: string }[] }>(response)).errors[0]?.message
    expect(message).toContain('"shoeSize" is not a field of this form')
    expect(message).toContain('Name is required')
    expect(message).toContain('Email must be an email address')
    expect(message).toContain('Message is required')
    expect(sent).toHaveLength(0)
    expect(await app.payload.count({ collection: slugs.formSubmissions })).toMatchObject({
      totalDocs: 0,
    })
  })

  it('should refuse a list or an object as a field value, naming the field', async () => {
    const form = await createContactForm(app)
    const response = await app.rest.post(`/${slugs.formSubmissions}`, {
      form: String(form.id),
      submissionData: [
        { field: 'email', value: ['ana@example.com', 'x'] },
        { field: 'name', value: { first: 'Ana' } },
        { field: 'message', value: 'Hi' },
      ],
    })

    expect(response.status).toBe(400)
    const message = (await json<{ errors: { message: string }[] }>(response)).errors[0]?.message
    expect(message).toContain('Email must be text, not a list')
    expect(message).toContain('Name must be text, not object')
    expect(await app.payload.count({ collection: slugs.formSubmissions })).toMatchObject({
      totalDocs: 0,
    })
  })

  it.each([
    ['a string', 'email=ana@example.com'],
    ['an object', { email: 'ana@example.com' }],
    ['entries without a field name', [{ value: 'ana@example.com' }]],
  ])('should refuse submissionData given as %s with a 400 naming it', async (_, submissionData) => {
    const form = await createContactForm(app)

    const response = await app.rest.post(`/${slugs.formSubmissions}`, {
      form: String(form.id),
      submissionData,
    })
    const { errors } = await json<{ errors: { data?: unknown; message: string }[] }>(response)

    expect(response.status).toBe(400)
    expect(errors[0]).toMatchObject({
      data: { field: 'submissionData' },
      message: expect.stringMatching(/submissionData must be a list/),
    })
  })

  it('should send no mail for a submission whose transaction rolls back', async () => {
    const form = await createContactForm(app)
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    await app.payload.create({
      collection: slugs.formSubmissions,
      data: submission(String(form.id), { email: 'a@example.com', message: 'x', name: 'A' }),
      req,
    })
    expect(sent).toHaveLength(0)
    await killTransaction(req)
    await app.payload.jobs.run({ queue: MAIL_QUEUE })
    expect(sent).toHaveLength(0)
    expect(await app.payload.count({ collection: slugs.formSubmissions })).toMatchObject({
      totalDocs: 0,
    })
  })

  it('should let only admins read submissions and page editors manage forms', async () => {
    const form = await createContactForm(app)
    await app.payload.create({
      collection: slugs.formSubmissions,
      data: submission(String(form.id), { email: 'a@example.com', message: 'x', name: 'A' }),
    })
    const asUser = await app.rest.get(`/${slugs.formSubmissions}`, user)
    expect(asUser.status).toBe(403)
    const asAdmin = await app.rest.get(`/${slugs.formSubmissions}`, admin)
    expect((await json<{ totalDocs: number }>(asAdmin)).totalDocs).toBe(1)
    expect((await app.rest.patch(`/${slugs.forms}/${form.id}`, { title: 'x' }, user)).status).toBe(
      403,
    )
    // Anyone may read a form (the site renders it), but never its email settings.
    const publicForm = await app.rest.get(`/${slugs.forms}/${form.id}`)
    expect(publicForm.status).toBe(200)
    expect(JSON.stringify(await publicForm.json())).not.toContain('team@example.com')
  })

  it('should refuse deleting a form a page uses or that has submissions, naming them', async () => {
    const onPage = await createContactForm(app)
    const answered = await createContactForm(app)
    const unused = await createContactForm(app)
    await app.payload.create({
      collection: 'form-submissions',
      data: submission(String(answered.id), {
        email: 'ana@example.com',
        message: 'Hi',
        name: 'Ana',
      }),
    })
    await app.payload.create({
      collection: slugs.pages,
      data: {
        _status: 'published',
        layout: [{ blockType: 'contactForm', form: onPage.id }],
        slug: 'contact',
        title: 'Contact us',
      },
    })

    const refused = await app.rest.delete(`/${slugs.forms}/${onPage.id}`, { token: admin.token })
    const withSubmissions = await app.rest.delete(`/${slugs.forms}/${answered.id}`, {
      token: admin.token,
    })
    const deleted = await app.rest.delete(`/${slugs.forms}/${unused.id}`, { token: admin.token })

    expect([refused.status, withSubmissions.status, deleted.status]).toEqual([409, 409, 200])
    expect(JSON.stringify(await refused.json())).toContain('pages \\"Contact us\\"')
    expect(JSON.stringify(await withSubmissions.json())).toContain('form-submissions')
    expect((await app.payload.count({ collection: slugs.forms })).totalDocs).toBe(2)
  })

  it('should keep the addresses a form mails hidden from everyone but page editors', async () => {
    const form = await createContactForm(app)

    const anonymous = await json<{ emails?: unknown }>(
      await app.rest.get(`/${slugs.forms}/${form.id}`),
    )
    const customer = await json<{ emails?: unknown }>(
      await app.rest.get(`/${slugs.forms}/${form.id}`, { token: user.token }),
    )
    const editor = await json<{ emails?: { emailTo?: string }[] }>(
      await app.rest.get(`/${slugs.forms}/${form.id}`, { token: admin.token }),
    )
    const graphql = await app.graphql(`{ Forms { docs { title emails { emailTo } } } }`, {
      token: user.token,
    })

    expect(JSON.stringify([anonymous, customer])).not.toContain('team@example.com')
    expect(editor.emails?.[0]?.emailTo).toBe('team@example.com')
    expect(JSON.stringify(await graphql.json())).not.toContain('team@example.com')
  })
})
