'use client'
import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/**
 * Live preview: the admin posts `payload-document-event` to this iframe on every save (autosave
 * included); re-rendering the route on the server shows the new draft. The same protocol as
 * @payloadcms/live-preview-react, which is not published for Payload 3.90.2.
 */
export const RefreshOnSave = () => {
  const router = useRouter()
  useEffect(() => {
    const origin = window.location.origin
    const onMessage = (event: MessageEvent) => {
      const data: unknown = event.data
      if (
        event.origin === origin &&
        data !== null &&
        typeof data === 'object' &&
        (data as { type?: unknown }).type === 'payload-document-event'
      ) {
        router.refresh()
      }
    }
    window.addEventListener('message', onMessage)
    const admin = window.opener ?? window.parent
    if (admin !== window) admin.postMessage({ ready: true, type: 'payload-live-preview' }, origin)
    return () => window.removeEventListener('message', onMessage)
  }, [router])
  return null
}
