'use client'
import { useEffect, useState } from 'react'

/** The visitor's choice lives in this cookie for a year; the database never sees it. */
export const CONSENT_COOKIE = 'analytics_consent'
const YEAR_SECONDS = 365 * 24 * 60 * 60

type Choice = 'denied' | 'granted'

const readChoice = (): Choice | undefined => {
  const value = document.cookie
    .split('; ')
    .find((part) => part.startsWith(`${CONSENT_COOKIE}=`))
    ?.split('=')[1]
  return value === 'granted' || value === 'denied' ? value : undefined
}

const storeChoice = (choice: Choice | undefined) => {
  const secure = window.location.protocol === 'https:' ? '; Secure' : ''
  document.cookie =
    choice === undefined
      ? `${CONSENT_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax${secure}`
      : `${CONSENT_COOKIE}=${choice}; Max-Age=${YEAR_SECONDS}; Path=/; SameSite=Lax${secure}`
}

type GtagWindow = Window & { dataLayer?: unknown[] }

/** Google Analytics (gtag.js), added to the page only once the visitor agreed. */
const loadAnalytics = (id: string) => {
  if (document.querySelector('script[data-analytics]')) return
  const win = window as GtagWindow
  win.dataLayer = win.dataLayer ?? []
  const gtag = (...args: unknown[]) => win.dataLayer?.push(args)
  gtag('js', new Date())
  gtag('config', id, { anonymize_ip: true })
  const script = document.createElement('script')
  script.async = true
  script.dataset.analytics = id
  script.src = `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(id)}`
  document.head.appendChild(script)
}

/**
 * Shown when the site settings name an analytics ID (site-settings.seo.analyticsId): analytics
 * load only after "Accept"; "Decline" keeps them off. The footer's "Cookie settings" asks again.
 */
export const ConsentBanner = ({ analyticsId }: { analyticsId: string }) => {
  const [choice, setChoice] = useState<Choice | 'unknown' | undefined>('unknown')

  useEffect(() => {
    const stored = readChoice()
    setChoice(stored)
    if (stored === 'granted') loadAnalytics(analyticsId)
  }, [analyticsId])

  const decide = (next: Choice) => {
    storeChoice(next)
    setChoice(next)
    if (next === 'granted') loadAnalytics(analyticsId)
  }

  if (choice === 'unknown') return null
  if (choice !== undefined) {
    return (
      <button
        className="consent-reopen"
        onClick={() => {
          storeChoice(undefined)
          setChoice(undefined)
        }}
        type="button"
      >
        Cookie settings
      </button>
    )
  }
  return (
    <section aria-label="Cookie consent" className="consent-banner" role="dialog">
      <p>
        We would like to measure visits with Google Analytics, which sets cookies. Nothing is loaded
        unless you agree; you can change your mind under “Cookie settings”.
      </p>
      <div>
        <button onClick={() => decide('granted')} type="button">
          Accept analytics
        </button>
        <button onClick={() => decide('denied')} type="button">
          Decline
        </button>
      </div>
    </section>
  )
}
