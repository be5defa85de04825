// Small adapters that give the engine tests one interface over three browser engines, all from
// Debian packages (nothing downloads a browser):
//   chromium — /usr/bin/chromium through playwright-core;
//   firefox  — /usr/bin/firefox-esr through puppeteer-core over WebDriver BiDi;
//   webkit   — WebKitGTK's MiniBrowser through WebKitWebDriver (selenium-webdriver), which needs
//              a display (scripts/test.sh runs the engine tests under xvfb-run).
// A page offers run(fn, arg) (an async function evaluated in the page; JSON result), type(),
// click() and close(). WebKitWebDriver has no console channel, so errors are collected inside
// the page by the test server's probe script (window.__errors), the same way in every engine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { CHROMIUM_ARGS, chromiumPath } from '../js/helpers.mjs';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const WEBKIT_BROWSER = process.env.WEBKIT_BROWSER ||
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** How long a page may take to reach a state the test waits for. */
const WAIT_MS = 20_000;

/**
 * @typedef {object} Page
 * @property {(fn: Function, arg?: unknown) => Promise<any>} run
 * @property {(selector: string, text: string) => Promise<void>} type
 * @property {(selector: string) => Promise<void>} click
 * @property {() => Promise<void>} close
 * @typedef {{ name: string, open(url: string): Promise<Page>, quit(): Promise<void> }} Driver
 */

/** Engines to run: $ENGINES (comma-separated), default all three. */
export function wantedEngines() {
  return (process.env.ENGINES || 'chromium,firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Why an engine cannot run here, or null. */
export function missing(name) {
  if (name === 'chromium') return chromiumPath() ? null : 'Chromium not found (apt-get install chromium)';
  if (name === 'firefox') return existsSync(FIREFOX) ? null : `${FIREFOX} not found (apt-get install firefox-esr)`;
  if (name === 'webkit') {
    if (!existsSync(WEBKIT_DRIVER) || !existsSync(WEBKIT_BROWSER)) {
      return 'WebKitWebDriver or MiniBrowser not found (apt-get install webkit2gtk-driver)';
    }
    return process.env.DISPLAY ? null : 'no DISPLAY (run under xvfb-run -a)';
  }
  return `unknown engine ${name}`;
}

/** @returns {Promise<Driver>} */
export async function launch(name) {
  if (name === 'chromium') return chromium();
  if (name === 'firefox') return firefox();
  if (name === 'webkit') return webkit();
  throw new Error(`unknown engine ${name}`);
}

async function chromium() {
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  return {
    name: 'chromium',
    async open(url) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      return {
        run: (fn, arg) => page.evaluate(fn, arg),
        type: (sel, text) => page.locator(sel).pressSequentially(text),
        click: (sel) => page.click(sel),
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

async function firefox() {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false },
  });
  return {
    name: 'firefox',
    async open(url) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.goto(url);
      return {
        run: (fn, arg) => page.evaluate(fn, arg),
        type: (sel, text) => page.type(sel, text),
        click: (sel) => page.click(sel),
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => ok(port));
    });
  });
}

async function webkit() {
  const { Builder, Key, By } = await import('selenium-webdriver');
  const port = await freePort();
  const service = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore' });
  const server = `http://127.0.0.1:${port}`;
  // Wait for the driver to listen.
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${server}/status`);
      if (res.ok) break;
    } catch { /* not yet */ }
    if (i > 100) { service.kill(); throw new Error('WebKitWebDriver did not start'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: WEBKIT_BROWSER, args: ['--automation'] },
  };
  /** @type {any[]} */
  const sessions = [];
  return {
    name: 'webkit',
    async open(url) {
      // One session per page: a fresh browser each time, like a fresh context elsewhere.
      const driver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
      sessions.push(driver);
      await driver.manage().setTimeouts({ script: WAIT_MS });
      await driver.get(url);
      return {
        run: (fn, arg) => driver.executeScript(`return (${fn})(arguments[0]);`, arg),
        // The driver drops a literal "\n" when typing: send the Enter key instead.
        type: async (sel, text) => {
          const el = await driver.findElement(By.css(sel));
          const parts = text.split('\n');
          for (const [i, part] of parts.entries()) {
            if (part) await el.sendKeys(part);
            if (i < parts.length - 1) await el.sendKeys(Key.ENTER);
          }
        },
        click: async (sel) => { await (await driver.findElement(By.css(sel))).click(); },
        close: async () => {
          await driver.quit().catch(() => {});
          sessions.splice(sessions.indexOf(driver), 1);
        },
      };
    },
    async quit() {
      for (const d of sessions.splice(0)) await d.quit().catch(() => {});
      service.kill();
    },
  };
}

/**
 * Polls `fn` in the page until it returns a truthy value; returns that value.
 * @param {Page} page
 * @param {Function} fn
 * @param {unknown} [arg]
 * @param {string} [what]
 */
export async function waitFor(page, fn, arg, what = String(fn)) {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const v = await page.run(fn, arg);
    if (v) return v;
    if (Date.now() > end) {
      const errors = await page.run(() => window.__errors).catch(() => null);
      throw new Error(`timed out waiting for ${what}; page errors: ${JSON.stringify(errors)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
