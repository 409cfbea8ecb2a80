'use client'
import { RichText } from '@payloadcms/richtext-lexical/react'
import { type FormEvent, useState } from 'react'

import type { Form } from '../../../../../payload-types'

type Field = NonNullable<Form['fields']>[number]
type State = { kind: 'error'; message: string } | { kind: 'idle' | 'sending' | 'sent' }

const input = (field: Field) => {
  if (field.blockType === 'message')
    return (
      <RichText
        data={
          field.message ?? {
            root: {
              children: [],
              direction: null,
              format: '',
              indent: 0,
              type: 'root',
              version: 1,
            },
          }
        }
        key={field.id}
      />
    )
  const { label, name, required } = field
  const common = { id: `f-${name}`, name, required: Boolean(required) }
  const control = (() => {
    switch (field.blockType) {
      case 'textarea':
        return <textarea {...common} rows={5} />
      case 'email':
        return <input {...common} type="email" />
      case 'number':
        return <input {...common} type="number" />
      case 'checkbox':
        return <input {...common} type="checkbox" value="true" />
      case 'select':
        return (
          <select {...common} defaultValue="">
            <option disabled value="">
              Choose...
            </option>
            {(field.options ?? []).map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )
      default:
        return <input {...common} type="text" />
    }
  })()
  return (
    <label htmlFor={common.id} key={field.id ?? name}>
      <span>
        {label || name}
        {required ? ' *' : ''}
      </span>
      {control}
    </label>
  )
}

/** Posts to the form builder's /api/form-submissions and shows the form's own success message. */
export const ContactFormClient = ({ form }: { form: Form }) => {
  const [state, setState] = useState<State>({ kind: 'idle' })

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setState({ kind: 'sending' })
    const data = new FormData(event.currentTarget)
    const submissionData = [...data.entries()].map(([field, value]) => ({
      field,
      value: String(value),
    }))
    const response = await fetch('/api/form-submissions', {
      body: JSON.stringify({ form: form.id, submissionData }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    }).catch(() => undefined)
    if (response?.ok) {
      setState({ kind: 'sent' })
      if (form.confirmationType === 'redirect' && form.redirect?.url)
        window.location.assign(form.redirect.url)
      return
    }
    const body = (await response?.json().catch(() => undefined)) as
      { errors?: { message?: string }[] } | undefined
    setState({
      kind: 'error',
      message: body?.errors?.[0]?.message ?? 'Sending failed. Please try again.',
    })
  }

  if (state.kind === 'sent') {
    return (
      <div className="form-success">
        {form.confirmationMessage ? (
          <RichText data={form.confirmationMessage} />
        ) : (
          <p>Thank you!</p>
        )}
      </div>
    )
  }
  return (
    <form className="contact-form" onSubmit={submit}>
      {(form.fields ?? []).map(input)}
      {state.kind === 'error' ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <button className="button" disabled={state.kind === 'sending'} type="submit">
        {state.kind === 'sending' ? 'Sending...' : form.submitButtonLabel || 'Send'}
      </button>
    </form>
  )
}
