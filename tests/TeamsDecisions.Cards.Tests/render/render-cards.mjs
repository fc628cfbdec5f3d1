// Renders Adaptive Card JSON files with the official renderer (npm adaptivecards 3.0.6) in headless Chromium,
// with the Teams host config and markdown-it as the markdown processor (as hosts do), and reports for each card:
// parse and validation events, the rendered text, counts of elements that user text must never produce (links,
// emphasis, headings, list items), and a PNG.
//
// usage: node render-cards.mjs <cardsDir> <pngDir> <toolsNodeModules> <hostConfig.json>
// prints one JSON report on stdout.
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [cardsDir, pngDir, modulesArg, hostConfigPath] = process.argv.slice(2);
const modules = modulesArg && resolve(modulesArg);
if (!cardsDir || !pngDir || !modulesArg || !hostConfigPath) {
  console.error('usage: node render-cards.mjs <cardsDir> <pngDir> <toolsNodeModules> <hostConfig.json>');
  process.exit(2);
}

const require = createRequire(join(modules, 'noop.js'));
const { chromium } = require('playwright-core');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
mkdirSync(pngDir, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  const page = await browser.newPage({ viewport: { width: 540, height: 600 }, deviceScaleFactor: 1 });
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#f5f5f5;font-family:"Segoe UI",system-ui,sans-serif} #host{width:460px;margin:16px;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)}</style></head><body><div id="host"></div></body></html>');
  await page.addScriptTag({ path: join(modules, 'markdown-it', 'dist', 'markdown-it.min.js') });
  await page.addScriptTag({ path: join(modules, 'adaptivecards', 'dist', 'adaptivecards.js') });
  await page.addStyleTag({ path: join(modules, 'adaptivecards', 'dist', 'adaptivecards.css') });
  const hostConfig = JSON.parse(readFileSync(hostConfigPath, 'utf8'));

  const results = [];
  for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.json')).sort()) {
    const name = basename(file, '.json');
    const json = JSON.parse(readFileSync(join(cardsDir, file), 'utf8'));
    const report = await page.evaluate(({ json, hostConfig }) => {
      const AC = window.AdaptiveCards;
      const md = window.markdownit({ html: false, linkify: false });
      AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
        result.outputHtml = md.render(text);
        result.didProcess = true;
      };
      const describe = (e) => ({
        phase: AC.ValidationPhase[e.phase] ?? String(e.phase),
        event: AC.ValidationEvent[e.event] ?? String(e.event),
        message: e.message,
        source: e.source ? { type: e.source.getJsonTypeName ? e.source.getJsonTypeName() : undefined, id: e.source.id } : null,
      });
      const card = new AC.AdaptiveCard();
      card.hostConfig = new AC.HostConfig(hostConfig);
      const context = new AC.SerializationContext();
      card.parse(json, context);
      const events = [];
      for (let i = 0; i < context.eventCount; i++) events.push(describe(context.getEventAt(i)));
      const validation = card.validateProperties();
      for (const e of validation.validationEvents ?? []) events.push(describe(e));

      // Expand every ShowCard so that nested cards are rendered and screenshotted too.
      const host = document.getElementById('host');
      host.innerHTML = '';
      const rendered = card.render();
      host.appendChild(rendered);

      // Buttons as first seen (nothing expanded): where they start, and whether a label is cut off at this width.
      const hostTop = host.getBoundingClientRect().top;
      const cut = (el) => [el, ...el.querySelectorAll('*')].some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible');
      const buttons = [...host.querySelectorAll('button')].filter((b) => b.offsetParent !== null).map((b) => ({
        title: (b.getAttribute('aria-label') || b.innerText || '').trim(),
        top: Math.round(b.getBoundingClientRect().top - hostTop),
        truncated: cut(b),
      }));
      // Open "Show details" too, so hidden details are checked and screenshotted like the rest.
      for (const button of host.querySelectorAll('button')) if (button.innerText.trim() === 'Show details') button.click();
      for (const button of host.querySelectorAll('button[aria-expanded="false"]')) button.click();
      return {
        events,
        text: host.innerText,
        anchors: host.querySelectorAll('a').length,
        emphasis: host.querySelectorAll('em,strong,b,i,code').length,
        headings: host.querySelectorAll('h1,h2,h3,h4,h5,h6').length,
        listItems: host.querySelectorAll('li').length,
        height: host.getBoundingClientRect().height,
        buttons,
      };
    }, { json, hostConfig });
    const png = join(pngDir, `${name}.png`);
    await page.setViewportSize({ width: 540, height: Math.min(16000, Math.ceil(report.height) + 40) });
    await page.locator('#host').screenshot({ path: png });
    results.push({ name, png, ...report });
  }

  process.stdout.write(JSON.stringify({ renderer: require('adaptivecards/package.json').version, cards: results }));
} finally {
  await browser.close();
}
