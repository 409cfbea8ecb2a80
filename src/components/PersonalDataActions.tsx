'use client'
import { Button, useDocumentInfo } from '@payloadcms/ui'
import { useState } from 'react'

import { useApiBase } from './useApiBase'

type Outcome = { error?: string; message?: string }

/**
 * Admin actions on an account's edit view: download everything the system holds about the
 * person (GET /api/<users>/:id/export) and erase it (POST /api/<users>/:id/erase, confirmed by
 * typing the account's email). The endpoints enforce admin access; this only calls them.
 */
export const PersonalDataActions = () => {
  const { collectionSlug, id } = useDocumentInfo()
  const api = useApiBase()
  const [outcome, setOutcome] = useState<Outcome>({})
  const [busy, setBusy] = useState(false)
  if (!id || !collectionSlug) return null
  const base = `${api}/${collectionSlug}/${encodeURIComponent(String(id))}`

  const erase = async () => {
    const confirm = window.prompt(
      "Erasing cannot be undone. The bookings stay as financial records without the person's " +
        "contact. Type the account's email to erase its personal data:",
    )
    if (!confirm) return
    setBusy(true)
    try {
      const response = await fetch(`${base}/erase`, {
        body: JSON.stringify({ confirm }),
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        method: 'POST',
      })
      const body = (await response.json()) as { errors?: { message: string }[]; message?: string }
      setOutcome(
        response.ok
          ? { message: body.message }
          : { error: body.errors?.[0]?.message ?? `Refused (${response.status})` },
      )
      if (response.ok) window.setTimeout(() => window.location.reload(), 1500)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="field-type personal-data-actions">
      <h4>Personal data</h4>
      <Button buttonStyle="secondary" el="anchor" size="small" url={`${base}/export`}>
        Download personal data
      </Button>{' '}
      <Button buttonStyle="error" disabled={busy} onClick={erase} size="small">
        Erase personal data…
      </Button>
      {outcome.message ? <p role="status">{outcome.message}</p> : null}
      {outcome.error ? <p role="alert">{outcome.error}</p> : null}
    </div>
  )
}
