'use client'
import { RichText } from '@payloadcms/richtext-lexical/react'
import { type FormEvent, useState } from 'react'

import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'

/** A form of @payloadcms/plugin-form-builder as the contact-form block populates it. */
export type ContactFormDoc = {
  confirmationMessage?: null | SerializedEditorState
  confirmationType?: 'message' | 'redirect' | null
  fields?: ContactFormField[] | null
  id: number | string
  redirect?: { url?: null | string } | null
  submitButtonLabel?: null | string
}

export type ContactFormField = {
  blockType: string
  id?: null | string
  label?: null | string
  message?: null | SerializedEditorState
  name?: null | string
  options?: { label: string; value: string }[] | null
  required?: boolean | null
}

type Field = ContactFormField
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
  const { label, required } = field
  const name = field.name ?? ''
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

/**
 * The contact-form block's form for a site: posts to the form builder's /api/form-submissions
 * (the plugin checks the submission against the form) and shows the form's own success message,
 * or the 400's message naming what to fix.
 */
export const ContactForm = ({ form }: { form: ContactFormDoc }) => {
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
