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
  return <RefreshRouteOnSave refresh={() => router.refresh()} serverURL={window.location.origin} />
}
