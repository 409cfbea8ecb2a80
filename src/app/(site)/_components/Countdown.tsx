'use client'
import { useEffect, useState } from 'react'

const left = (until: string) => Math.max(0, Math.floor((Date.parse(until) - Date.now()) / 1000))
const clock = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`

/**
 * The minutes and seconds a hold has left, ticking once a second. Without JavaScript the server's
 * rendering says the same (as of when the page was made) next to the hold's end time.
 */
export function Countdown({ until }: { until: string }) {
  const [seconds, setSeconds] = useState(() => left(until))
  useEffect(() => {
    const timer = setInterval(() => setSeconds(left(until)), 1000)
    return () => clearInterval(timer)
  }, [until])
  return (
    <strong className="countdown" data-countdown={until} role="timer">
      {seconds > 0 ? clock(seconds) : 'expired'}
    </strong>
  )
}
