'use client'
/**
 * `payload-events-cms/client`: client components. `ContactForm` renders a form of the contact-form
 * block on a site (the reference app's site uses it).
 */
export { ContactForm, type ContactFormDoc, type ContactFormField } from '../components/ContactForm'
