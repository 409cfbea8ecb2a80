'use client'
import jsQR from 'jsqr'
import { useCallback, useEffect, useRef, useState } from 'react'

import { useApiBase } from './useApiBase'

type EventOption = { id: string; startDate: string; title: string }
type Outcome = { message: string; ok: boolean }
type Summary = {
  checkedIn: number
  sold: number
  ticketTypes: { checkedIn: number; name: string; sold: number }[]
}

/** The browser's own QR reader, where it has one (Chromium on Android and macOS). */
type Detector = { detect: (source: CanvasImageSource) => Promise<{ rawValue: string }[]> }
const nativeDetector = (): Detector | undefined => {
  const BarcodeDetector = (globalThis as { BarcodeDetector?: new (options: object) => Detector })
    .BarcodeDetector
  return BarcodeDetector ? new BarcodeDetector({ formats: ['qr_code'] }) : undefined
}

/** A QR code in a picture: the browser's reader, else jsQR on the pixels. */
const decode = async (source: HTMLCanvasElement): Promise<string | undefined> => {
  const detector = nativeDetector()
  if (detector) {
    const [found] = await detector.detect(source).catch(() => [])
    if (found?.rawValue) return found.rawValue
  }
  const context = source.getContext('2d', { willReadFrequently: true })
  if (!context) return undefined
  const { data, height, width } = context.getImageData(0, 0, source.width, source.height)
  return jsQR(data, width, height)?.data
}

/** A ticket code is 32 base32 characters (grouped in fours when typed); anything else a reference. */
const isTicketCode = (text: string) =>
  /^[A-Z2-7]{32}$/.test(text.toUpperCase().replace(/[\s-]+/g, ''))

/**
 * The door: pick the event, then scan tickets with the camera (or a photo of the QR code), or type
 * a ticket code or a booking reference. Each scan goes to POST /api/check-ins with its own nonce;
 * the answer fills the screen green (in) or red (refused, with why), and the counts follow.
 */
export const CheckInDesk = () => {
  const base = useApiBase()
  const [events, setEvents] = useState<EventOption[]>([])
  const [event, setEvent] = useState('')
  const [gate, setGate] = useState('')
  const [manual, setManual] = useState('')
  const [outcome, setOutcome] = useState<Outcome>()
  const [summary, setSummary] = useState<Summary>()
  const [camera, setCamera] = useState(false)
  const video = useRef<HTMLVideoElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const lastScan = useRef({ at: 0, text: '' })

  useEffect(() => {
    const since = new Date(Date.now() - 86_400_000).toISOString()
    void fetch(
      `${base}/events?depth=0&limit=100&sort=startDate&where[startDate][greater_than]=${since}&select[title]=true&select[startDate]=true`,
      { credentials: 'include' },
    )
      .then((response) => response.json())
      .then((body: { docs?: EventOption[] }) => {
        setEvents(body.docs ?? [])
        if (body.docs?.[0]) setEvent((current) => current || String(body.docs?.[0]?.id))
      })
    setGate(window.localStorage.getItem('events-cms-gate') ?? '')
  }, [base])

  const refreshSummary = useCallback(async () => {
    if (!event) return
    const response = await fetch(`${base}/events/${event}/check-in-summary`, {
      credentials: 'include',
    })
    if (response.ok) setSummary((await response.json()) as Summary)
  }, [base, event])

  useEffect(() => {
    void refreshSummary()
  }, [refreshSummary])

  const submit = useCallback(
    async (text: string, { camera: fromCamera = false }: { camera?: boolean } = {}) => {
      const value = text.trim()
      if (!value || !event) return
      // A camera reads the same code many times a second: one scan per code and 3 seconds.
      if (
        fromCamera &&
        lastScan.current.text === value &&
        Date.now() - lastScan.current.at < 3000
      ) {
        return
      }
      if (fromCamera) lastScan.current = { at: Date.now(), text: value }
      const response = await fetch(`${base}/check-ins`, {
        body: JSON.stringify({
          event,
          gate: gate || undefined,
          nonce: crypto.randomUUID(),
          ...(isTicketCode(value) ? { code: value } : { reference: value }),
        }),
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        method: 'POST',
      })
      const body = (await response.json()) as { errors?: { message: string }[]; message?: string }
      setOutcome({
        message: body.message ?? body.errors?.[0]?.message ?? `HTTP ${response.status}`,
        ok: response.status === 201,
      })
      void refreshSummary()
    },
    [base, event, gate, refreshSummary],
  )

  // The camera: a frame every 250 ms through the decoder.
  useEffect(() => {
    if (!camera) return
    let stream: MediaStream | undefined
    let timer: number | undefined
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then((media) => {
        stream = media
        if (!video.current) return
        video.current.srcObject = media
        void video.current.play()
        timer = window.setInterval(() => {
          const frame = video.current
          const target = canvas.current
          if (!frame || !target || frame.videoWidth === 0) return
          target.width = frame.videoWidth
          target.height = frame.videoHeight
          target.getContext('2d')?.drawImage(frame, 0, 0)
          void decode(target).then((text) => (text ? submit(text, { camera: true }) : undefined))
        }, 250)
      })
      .catch(() => setOutcome({ message: 'The camera is not available here.', ok: false }))
    return () => {
      window.clearInterval(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [camera, submit])

  const fromPhoto = async (file: File | undefined) => {
    const target = canvas.current
    if (!file || !target) return
    const image = await createImageBitmap(file)
    target.width = image.width
    target.height = image.height
    target.getContext('2d')?.drawImage(image, 0, 0)
    const text = await decode(target)
    if (text) await submit(text)
    else setOutcome({ message: 'No QR code found in that picture.', ok: false })
  }

  return (
    <div className="check-in-desk" style={{ display: 'grid', gap: 16, maxWidth: 720 }}>
      <h1>Check-in</h1>
      <label>
        Event{' '}
        <select
          aria-label="Event"
          onChange={(change) => setEvent(change.target.value)}
          value={event}
        >
          {events.map((option) => (
            <option key={option.id} value={option.id}>
              {option.title} ({new Date(option.startDate).toLocaleString()})
            </option>
          ))}
        </select>
      </label>
      <label>
        Gate or device{' '}
        <input
          aria-label="Gate"
          onChange={(change) => {
            setGate(change.target.value)
            window.localStorage.setItem('events-cms-gate', change.target.value)
          }}
          value={gate}
        />
      </label>
      <form
        onSubmit={(submitted) => {
          submitted.preventDefault()
          void submit(manual).then(() => setManual(''))
        }}
        style={{ display: 'flex', gap: 8 }}
      >
        <input
          aria-label="Ticket code or booking reference"
          onChange={(change) => setManual(change.target.value)}
          placeholder="Ticket code or booking reference"
          style={{ flex: 1, fontSize: 18 }}
          value={manual}
        />
        <button type="submit">Check in</button>
      </form>
      <div style={{ display: 'flex', gap: 8 }}>
        <button onClick={() => setCamera(!camera)} type="button">
          {camera ? 'Stop camera' : 'Scan with camera'}
        </button>
        <label>
          Scan from a photo{' '}
          <input
            accept="image/*"
            aria-label="Scan from a photo"
            onChange={(change) => void fromPhoto(change.target.files?.[0])}
            type="file"
          />
        </label>
      </div>
      {camera ? <video muted playsInline ref={video} style={{ maxWidth: '100%' }} /> : null}
      <canvas hidden ref={canvas} />
      {outcome ? (
        <div
          aria-live="assertive"
          className={`check-in-desk__outcome check-in-desk__outcome--${outcome.ok ? 'in' : 'refused'}`}
          role="status"
          style={{
            background: outcome.ok ? '#15803d' : '#b91c1c',
            borderRadius: 8,
            color: '#fff',
            fontSize: 28,
            fontWeight: 700,
            padding: 32,
            textAlign: 'center',
          }}
        >
          {outcome.ok ? '✓ ' : '✗ '}
          {outcome.message}
        </div>
      ) : null}
      {summary ? (
        <p className="check-in-desk__counts">
          Checked in {summary.checkedIn} of {summary.sold}
          {summary.ticketTypes.length > 1
            ? ` (${summary.ticketTypes.map((type) => `${type.name}: ${type.checkedIn}/${type.sold}`).join(', ')})`
            : ''}
        </p>
      ) : null}
    </div>
  )
}
