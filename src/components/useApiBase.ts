'use client'
import { useConfig } from '@payloadcms/ui'

/** The REST API's base URL as the admin is configured (`serverURL` + `routes.api`). */
export const useApiBase = (): string => {
  const {
    config: {
      routes: { api },
      serverURL,
    },
  } = useConfig()
  return `${serverURL}${api}`
}
