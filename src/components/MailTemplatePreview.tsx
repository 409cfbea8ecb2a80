'use client'
import { Button, useFormFields } from '@payloadcms/ui'
import React, { useState } from 'react'

import { MailHtml } from './MailPreview'
import { useApiBase } from './useApiBase'

type Preview = { html: string; subject: string; unknownPlaceholders: string[] }

/** Renders the template being edited with sample values, the site's name, colour and logo. */
export const MailTemplatePreview: React.FC = () => {
  const api = useApiBase()
  const kind = useFormFields(([fields]) => fields.kind?.value)
  const subject = useFormFields(([fields]) => fields.subject?.value)
  const body = useFormFields(([fields]) => fields.body?.value)
  const [preview, setPreview] = useState<null | Preview>(null)
  const [problem, setProblem] = useState<null | string>(null)

  const show = async () => {
    setProblem(null)
    const response = await fetch(`${api}/mail-templates/preview`, {
      body: JSON.stringify({ body, kind, subject }),
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    const answer = (await response.json().catch(() => ({}))) as Partial<Preview> & {
      errors?: { message: string }[]
    }
    if (!response.ok) {
      setPreview(null)
      setProblem(answer.errors?.[0]?.message ?? `The preview failed (${response.status}).`)
      return
    }
    setPreview(answer as Preview)
  }

  return (
    <div style={{ marginBottom: 24 }}>
      <Button
        buttonStyle="secondary"
        disabled={typeof kind !== 'string'}
        onClick={() => void show()}
      >
        Preview with sample values
      </Button>
      {problem && <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p>}
      {preview && (
        <div>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          {preview.unknownPlaceholders.length > 0 && (
            <p style={{ color: 'var(--theme-error-500)' }}>
              Unknown placeholders: {preview.unknownPlaceholders.join(', ')}
            </p>
          )}
          <MailHtml html={preview.html} />
        </div>
      )}
    </div>
  )
}
