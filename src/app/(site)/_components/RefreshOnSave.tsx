'use client'
import { RefreshRouteOnSave } from '@payloadcms/live-preview-react'
import { useRouter } from 'next/navigation'

/**
 * Live preview: the admin posts an event to this iframe on every save (autosave included), and
 * @payloadcms/live-preview-react's RefreshRouteOnSave re-renders the route on the server, which
 * shows the new draft.
 */
export const RefreshOnSave = () => {
  const router = useRouter()
  // The admin is served by this same app; the server render has no window (and renders nothing).
  const serverURL = typeof window === 'undefined' ? '' : window.location.origin
  return <RefreshRouteOnSave refresh={() => router.refresh()} serverURL={serverURL} />
}
