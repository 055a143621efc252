// The browser flow of issue 6: a vendor signs in, applies with a checklist
// (first a broken one: errors appear beside the field), the operator runs the
// review and issues the label, and the public product page shows the label,
// its QR code and the status first; then a phone-sized check (no horizontal
// scroll). Screenshots are saved in $IOTMARK_ARTEFACTS.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const base = process.env.IOTMARK_BASE_URL;
const artefacts = process.env.IOTMARK_ARTEFACTS;
const operatorEmail = process.env.IOTMARK_OPERATOR_EMAIL;
const operatorPassword = process.env.IOTMARK_OPERATOR_PASSWORD;
assert.match(base, /^http:\/\/127\.\d+\.\d+\.\d+:\d+$/, 'tests talk to loopback only');

const vendorEmail = 'psirt-member@tokyo-denki.example.jp';
const vendorPassword = 'vendor-password-' + Math.random().toString(36).slice(2);

async function api(method, route, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(base + route, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route} → ${response.status} ${text}`);
  return JSON.parse(text);
}

function checklist(valid) {
  if (!valid) return JSON.stringify({ scheme: 'jcstar-star1', results: [{ criterion: 'S1.1-01', verdict: 'maybe' }] });
  // The catalog marks these criteria as evaluated by a device test: a conform
  // verdict needs method device-test and at least one evidence file (path and
  // SHA-256; the portal does not receive the files themselves).
  const deviceTested = new Set(['S1.1-04', 'S1.1-06', 'S1.1-10', 'S1.1-13', 'S1.1-14', 'S1.1-15']);
  const results = [];
  for (let i = 1; i <= 16; i++) {
    const criterion = `S1.1-${String(i).padStart(2, '0')}`;
    const evidence = deviceTested.has(criterion)
      ? [{ path: `evidence/${criterion}.log`, sha256: createHash('sha256').update(criterion).digest('hex'), description: 'device test log' }]
      : [];
    results.push({ criterion, verdict: 'conform', method: deviceTested.has(criterion) ? 'device-test' : 'document', evidence, note: '' });
  }
  return JSON.stringify({
    scheme: 'jcstar-star1',
    basic_info: {
      vendor: '東京電機株式会社', product_name: '防犯カメラ ミハル', model_number: 'TK-CAM-200',
      firmware_version: '1.0.0', product_type: 'network-camera', giteki_number: '',
      contact: 'psirt@tokyo-denki.example.jp',
      vulnerability_policy_url: 'https://tokyo-denki.example.jp/security/policy',
      support_end: '2031-03-31',
    },
    results,
  }, null, 2);
}

const step = (text) => console.log(`-- ${text}`);
const shot = async (page, name, fullPage = true) => {
  await page.screenshot({ path: path.join(artefacts, name), fullPage });
  console.log(`   screenshot ${name}`);
};

// ---- setup through the JSON API: the vendor's organisation and account
step('operator creates the vendor organisation and account (JSON API)');
const operatorSession = await api('POST', '/api/v1/session', { email: operatorEmail, password: operatorPassword });
const organization = await api('POST', '/api/v1/organizations', {
  name: '東京電機株式会社', name_en: 'Tokyo Denki Co., Ltd.', contact_email: 'psirt@tokyo-denki.example.jp',
  disclosure_policy: { acknowledge_within_days: 7, status_update_every_days: 30, policy_url: 'https://tokyo-denki.example.jp/security/policy' },
}, operatorSession.token);
await api('POST', '/api/v1/users', { email: vendorEmail, password: vendorPassword, role: 'vendor-member', organization_id: organization.id }, operatorSession.token);

const userDataDir = mkdtempSync(path.join(tmpdir(), 'iotmark-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
  locale: 'ja-JP',
});
const problems = [];
context.on('page', (p) => p.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); }));
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });

  async function signIn(email, password, landing) {
    await page.goto(base + '/signin');
    await page.fill('#signin-email', email);
    await page.fill('#signin-password', password);
    await Promise.all([page.waitForURL(base + landing), page.click('form.signin button[type=submit]')]);
  }
  const submit = async (selector) => {
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(selector)]);
  };

  // ---- vendor
  step('vendor signs in');
  await signIn(vendorEmail, vendorPassword, '/portal');
  const cookies = await context.cookies(base);
  const sessionCookie = cookies.find((c) => c.name === 'iotmark_session');
  assert.ok(sessionCookie, 'session cookie set');
  assert.equal(sessionCookie.httpOnly, true);
  assert.equal(sessionCookie.secure, true);
  assert.equal(sessionCookie.sameSite, 'Strict');

  step('vendor registers the product');
  await page.fill('#product-name', '防犯カメラ ミハル');
  await page.fill('#product-model', 'TK-CAM-200');
  await page.fill('#product-type', 'network-camera');
  await page.fill('#product-firmware', '1.0.0');
  await submit('form[action="/portal/products"] button[type=submit]');
  await page.waitForSelector('#apply-product');

  step('a broken checklist is refused with the errors beside the field');
  const badFile = path.join(userDataDir, 'broken-checklist.json');
  writeFileSync(badFile, checklist(false));
  await page.setInputFiles('#apply-checklist', badFile);
  await submit('form.apply button[type=submit]');
  const errors = await page.locator('#apply-checklist-errors .field-errors li').allTextContents();
  assert.ok(errors.length > 0, 'field errors are listed');
  console.log(`   ${errors.length} checklist error(s), first: ${errors[0]}`);
  await shot(page, '01-portal-checklist-errors.png');

  step('vendor applies with a valid checklist');
  const goodFile = path.join(userDataDir, 'checklist.json');
  writeFileSync(goodFile, checklist(true));
  await page.setInputFiles('#apply-checklist', goodFile);
  await submit('form.apply button[type=submit]');
  const notice = await page.locator('p.notice').textContent();
  assert.match(notice, /申請を受け付けました/);
  assert.match(await page.locator('table.applications td.state').first().textContent(), /申請受付/);
  await shot(page, '02-portal-applied.png');

  step('vendor subscribes a webhook (secret shown once) and unsubscribes');
  await page.fill('#webhook-url', 'http://127.0.0.1:9/hook');
  await submit('form.webhook-form button[type=submit]');
  const secret = (await page.locator('p.webhook-secret code').textContent()).trim();
  assert.ok(secret.length >= 40, `a signing secret is shown (${secret.length} characters)`);
  assert.match(await page.locator('li.webhook').first().textContent(), /127\.0\.0\.1:9\/hook/);
  await page.fill('#webhook-url', 'http://192.0.2.1/hook');
  await submit('form.webhook-form button[type=submit]');
  assert.match(await page.locator('p.field-error').first().textContent(), /loopback/);
  await page.goto(base + '/portal');
  assert.equal(await page.locator('p.webhook-secret').count(), 0, 'the secret is not shown again');
  await submit('li.webhook button.delete-webhook');
  assert.equal(await page.locator('li.webhook').count(), 0);
  await submit('form.signout button[type=submit]');

  // ---- operator
  step('operator signs in and works through the queue');
  await signIn(operatorEmail, operatorPassword, '/console');
  for (const button of ['button.start-inquiry', 'button.record-inquiry', 'button.accept', 'button.invoice', 'button.payment']) {
    await submit(`table.queue ${button}`);
    const error = await page.locator('p.field-error').count();
    assert.equal(error, 0, `no error after ${button}: ${error ? await page.locator('p.field-error').textContent() : ''}`);
  }
  await shot(page, '03-console-paid.png');
  await submit('table.queue button.issue');
  const regno = (await page.locator('a.issued-label').textContent()).trim();
  assert.match(regno, /^JCS\d-\d{4}-\d{6}-\d$/);
  console.log(`   issued ${regno}`);
  assert.doesNotMatch(await page.locator('main').textContent(), /app_state_|status_/, 'no untranslated message keys');
  await shot(page, '04-console-issued.png');

  // ---- public page
  step('the public product page shows the status first, the label and its QR code');
  const response = await page.goto(`${base}/labels/${regno}`);
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /default-src 'none'/);
  assert.ok(headers.etag, 'ETag on the public page');
  assert.ok(headers['last-modified'], 'Last-Modified on the public page');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const firstHeading = await page.locator('main h1').first().textContent();
  assert.match(firstHeading, /有効 \(Active\)/);
  const mainText = await page.locator('main').textContent();
  assert.ok(mainText.indexOf('有効 (Active)') < mainText.indexOf(regno), 'status comes before everything else');
  for (const text of [regno, '東京電機株式会社', '防犯カメラ ミハル', 'TK-CAM-200', '1.0.0', '2031-03-31', 'S1.1-16']) {
    assert.ok(mainText.includes(text), `page shows ${text}`);
  }
  const image = page.locator('img.label-image');
  await image.waitFor();
  const loaded = await image.evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(loaded, 'label image (with the QR code) loads');
  const svg = await (await fetch(`${base}/labels/${regno}/label.svg`)).text();
  assert.match(svg, /<svg/);
  assert.ok(svg.includes(regno), 'the label names its registration number');
  await shot(page, '05-product-page.png');

  step('English with ?lang=en');
  await page.goto(`${base}/labels/${regno}?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('main h1').first().textContent(), /Active/);
  await shot(page, '06-product-page-en.png');

  step('search finds the product by a Japanese substring');
  await page.goto(`${base}/search?q=${encodeURIComponent('カメラ ミハ')}`);
  assert.ok((await page.locator('ol.hits li').count()) >= 1, 'search hit');
  await page.goto(`${base}/search?q=${encodeURIComponent('ミハル')}`);
  assert.ok((await page.locator(`ol.hits a[href^="/labels/${regno}"]`).count()) === 1, 'search links the page');
  await shot(page, '07-search.png');

  step('phone-sized viewport (390x844): no horizontal scroll');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/labels/${regno}`);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(widths.scroll <= widths.inner, `no horizontal scroll (${widths.scroll} > ${widths.inner})`);
  step('phone-sized viewport: crosswalk cells keep a readable width and a few lines at most');
  const cells = await page.evaluate(() => [...document.querySelectorAll('table.criteria td')].map((td) => {
    const style = getComputedStyle(td);
    const em = parseFloat(style.fontSize);
    // The line box height; 'normal' line-height reads as a keyword, not px.
    const probe = document.createElement('span');
    probe.textContent = 'あ';
    td.appendChild(probe);
    const line = probe.getBoundingClientRect().height;
    probe.remove();
    const box = td.getBoundingClientRect();
    return {
      label: td.dataset.label,
      text: td.textContent.trim(),
      textWidth: td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      textHeight: box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
      em,
      line,
      before: getComputedStyle(td, '::before').content,
    };
  }));
  assert.ok(cells.filter((c) => c.label === 'ETSI EN 303 645').length >= 16, 'a crosswalk cell per criterion');
  for (const cell of cells) {
    const what = `${cell.label} cell "${cell.text.slice(0, 30)}"`;
    assert.ok(cell.textWidth >= 4 * cell.em, `${what} is ${cell.textWidth}px wide, less than 4em`);
    assert.ok(cell.textHeight <= 4 * cell.line + 1, `${what} is ${cell.textHeight}px high, more than 4 lines of ${cell.line}px`);
    assert.ok(cell.textHeight >= cell.line - 1, `${what} is lower than its label (${cell.textHeight}px < ${cell.line}px)`);
    assert.equal(cell.before, JSON.stringify(cell.label), `${what} is labelled with its column header`);
  }
  console.log(`   ${cells.length} result cells, narrowest text ${Math.min(...cells.map((c) => c.textWidth))}px, highest ${Math.max(...cells.map((c) => c.textHeight))}px`);
  await shot(page, '08-product-phone.png', false);
  await shot(page, '09-product-phone-full.png');
  await page.locator('table.criteria').screenshot({ path: path.join(artefacts, '10-product-phone-criteria.png') });
  console.log('   screenshot 10-product-phone-criteria.png');

  step('vendor applies for an extension; the operator invoices a stated amount and extends the label');
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(base + '/portal');
  if (page.url() !== base + '/portal') await signIn(vendorEmail, vendorPassword, '/portal');
  else { await submit('form.signout button[type=submit]'); await signIn(vendorEmail, vendorPassword, '/portal'); }
  const before = await (await fetch(`${base}/api/v1/labels/${regno}`)).json();
  await page.setInputFiles(`#extend-checklist-${regno}`, goodFile);
  await page.fill(`#extend-months-${regno}`, '12');
  await submit('form.extend button[type=submit]');
  assert.match(await page.locator('p.notice').textContent(), /申請を受け付けました/);
  await submit('form.signout button[type=submit]');
  await signIn(operatorEmail, operatorPassword, '/console');
  assert.match(await page.locator('table.queue small.kind').first().textContent(), /延長/);
  for (const button of ['button.start-inquiry', 'button.record-inquiry', 'button.accept']) {
    await submit(`table.queue ${button}`);
  }
  await page.fill('table.queue input[name=amount_jpy]', '55000');
  await submit('table.queue button.invoice');
  assert.equal(await page.locator('p.field-error').count(), 0, 'invoice with a stated amount');
  assert.match(await page.locator('table.queue').textContent(), /55000 円/);
  await submit('table.queue button.payment');
  await submit('table.queue button.issue');
  assert.equal(await page.locator('p.field-error').count(), 0, 'extension issued');
  const after = await (await fetch(`${base}/api/v1/labels/${regno}`)).json();
  assert.ok(after.history.some((event) => event.kind === 'extended'), 'the label history shows the extension');
  assert.ok(after.valid_until > before.valid_until, `valid_until moved on (${before.valid_until} → ${after.valid_until})`);
  console.log(`   extended ${regno}: ${before.valid_until} → ${after.valid_until}`);
  await shot(page, '11-console-extended.png');

  const cspProblems = problems.filter((text) => /Content Security Policy|Refused to/.test(text));
  assert.deepEqual(cspProblems, [], 'no CSP violations');
  console.log('browser flow: all checks passed');
} catch (error) {
  // Leave the page the flow stopped on for whoever reads the failure.
  const stuck = context.pages()[0];
  if (stuck) {
    await stuck.screenshot({ path: path.join(artefacts, 'failure.png'), fullPage: true }).catch(() => {});
    writeFileSync(path.join(artefacts, 'failure.html'), await stuck.content().catch(() => ''));
    console.log(`   failure page ${stuck.url()} saved as failure.png / failure.html`);
  }
  throw error;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
