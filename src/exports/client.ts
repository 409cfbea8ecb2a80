'use client'
/**
 * `payload-events-cms/client`: client components. `ContactForm` renders a form of the contact-form
 * block on a site (the reference app's site uses it); `PersonalDataActions` is the admin's export and
 * erase buttons on an account.
 */
export { PersonalDataActions } from '../components/PersonalDataActions'
export { ContactForm, type ContactFormDoc, type ContactFormField } from '../components/ContactForm'
export { MailPreview } from '../components/MailPreview'
export { MailTemplatePreview } from '../components/MailTemplatePreview'
