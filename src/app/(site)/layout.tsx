import type { Metadata } from 'next'
import type React from 'react'

import { hasRole } from 'payload-events-cms'
import { getNavigation, getPublicSettings, type NavigationLink } from 'payload-events-cms/site'

import type { SiteSetting } from '../../../payload-types'
import { ConsentBanner } from './_components/ConsentBanner'
import { mediaUrl } from './_lib/media'
import { sitePayload } from './_lib/payload'
import { currentUser } from './_lib/session'
import './site.css'

export const dynamic = 'force-dynamic'

export const generateMetadata = async (): Promise<Metadata> => {
  const settings = await getPublicSettings<SiteSetting>(await sitePayload())
  const favicon = mediaUrl(settings.appearance?.favicon, 'thumbnail')
  return {
    description: settings.general.siteDescription ?? undefined,
    icons: favicon ? [{ url: favicon }] : undefined,
    title: settings.general.siteName,
  }
}

const SOCIAL = ['facebook', 'x', 'instagram', 'linkedin'] as const

const MenuLink = ({ link }: { link: NavigationLink }) => (
  <a href={link.href} {...(link.external ? { rel: 'noopener noreferrer' } : {})}>
    {link.label}
  </a>
)

/** The public site's frame: settings drive the name, colours, logo, contact and social links. */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const payload = await sitePayload()
  const [settings, navigation, user] = await Promise.all([
    getPublicSettings<SiteSetting>(payload),
    getNavigation(payload),
    currentUser(),
  ])
  const { appearance, contact, general, seo, social } = settings
  // Maintenance mode hides the site from everyone but admins.
  const inMaintenance = general.maintenanceMode && !hasRole({ payload, user }, 'admin')
  const logo = mediaUrl(appearance?.logo, 'thumbnail')
  const colours = `:root{--primary:${appearance?.primaryColor ?? '#1d4ed8'};--secondary:${appearance?.secondaryColor ?? '#f59e0b'}}`
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <style>{colours}</style>
        {appearance?.customCss ? <style>{appearance.customCss}</style> : null}
        <header className="site-header">
          <a className="brand" href="/">
            {logo ? <img alt="" height={32} src={logo} width={32} /> : null}
            {general.siteName}
          </a>
          <nav aria-label="Main">
            {navigation.header.length ? (
              navigation.header.map((link) => <MenuLink key={link.href + link.label} link={link} />)
            ) : (
              <>
                <a href="/events">Events</a>
                <a href="/book">Book an appointment</a>
              </>
            )}
          </nav>
          <nav aria-label="Account">
            {user ? (
              <>
                <a href="/account/bookings">My bookings</a>
                <a href="/account">Account</a>
              </>
            ) : (
              <a href="/account/sign-in">Sign in</a>
            )}
          </nav>
        </header>
        <main id="content">
          {inMaintenance ? (
            <section className="block maintenance">
              <h1>We will be back soon</h1>
              <p>{general.siteName} is undergoing maintenance.</p>
            </section>
          ) : (
            children
          )}
        </main>
        <footer className="site-footer">
          <div>
            {contact?.address ? <p>{contact.address}</p> : null}
            {contact?.phone ? <p>{contact.phone}</p> : null}
            {general.contactEmail ? (
              <a href={`mailto:${general.contactEmail}`}>{general.contactEmail}</a>
            ) : null}
            {(contact?.businessHours ?? []).map((row) => (
              <p key={row.id ?? row.days}>
                {row.days}: {row.hours}
              </p>
            ))}
          </div>
          {navigation.footer.length ? (
            <nav aria-label="Footer">
              {navigation.footer.map((link) => (
                <MenuLink key={link.href + link.label} link={link} />
              ))}
            </nav>
          ) : null}
          <nav aria-label="Social media">
            {SOCIAL.filter((name) => social?.[name]).map((name) => (
              <a href={social?.[name] ?? ''} key={name} rel="noopener noreferrer">
                {name}
              </a>
            ))}
          </nav>
        </footer>
        {seo?.analyticsId ? <ConsentBanner analyticsId={seo.analyticsId} /> : null}
      </body>
    </html>
  )
}
