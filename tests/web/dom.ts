/** What antd needs from a browser that jsdom lacks. Import first in jsdom tests. */
import { afterEach } from 'vitest'
import { cleanup } from '@testing-library/react'

if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver
  // antd measures scrollbars with getComputedStyle(el, '::-webkit-scrollbar'), which jsdom does not implement
  const gcs = window.getComputedStyle.bind(window)
  window.getComputedStyle = ((el: Element) => gcs(el)) as typeof window.getComputedStyle
}

afterEach(() => cleanup())
