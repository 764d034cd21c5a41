/** Time comes in from outside (style.md §2): the runtime's one clock, replaced in tests. */
import { localDate } from '../engine'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests set and advance. */
export class ManualClock implements Clock {
  private t: number
  constructor(start: string | Date) {
    this.t = typeof start === 'string' ? Date.parse(start.length === 10 ? `${start}T09:00:00+08:00` : start) : start.getTime()
  }
  now(): Date {
    return new Date(this.t)
  }
  set(to: string | Date): void {
    this.t = typeof to === 'string' ? Date.parse(to.length === 10 ? `${to}T09:00:00+08:00` : to) : to.getTime()
  }
  advanceDays(n: number): void {
    this.t += n * 86_400_000
  }
}

export function today(clock: Clock, timeZone = 'Asia/Shanghai'): string {
  return localDate(clock.now(), timeZone)
}
