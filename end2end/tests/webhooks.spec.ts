// Webhooks from the admin's side: register an endpoint, see the message a
// learner's enrollment sends (signed as Standard Webhooks describes), resend
// it, and delete the endpoint. The receiver is a small HTTP server in this
// test, on 127.0.0.1: the e2e server allows private addresses for it.

import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { adminPage, confirmEmail, expect, hydrated, javaScriptOn, newPage, register, test, uniqueEmail } from './support';

type Received = { headers: IncomingHttpHeaders; body: string };

async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('received');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kurso`, received, server };
}

/** Standard Webhooks: HMAC-SHA256 of `id.timestamp.body` under the base64 key after `whsec_`. */
function signatureMatches(secret: string, message: Received) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${message.headers['webhook-id']}.${message.headers['webhook-timestamp']}.${message.body}`;
  const expected = `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
  return String(message.headers['webhook-signature']).split(' ').includes(expected);
}

test('an admin adds a webhook, sees the delivery a learner\'s enrollment sends, and resends it', async ({ browser }, testInfo) => {
  const receiver = await startReceiver();
  try {
    const admin = await adminPage(browser, javaScriptOn(testInfo));
    await admin.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(admin).toHaveURL(/\/admin\/webhooks$/);
    await hydrated(admin);

    // Without an event the form says what is missing, beside the list.
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Add endpoint' }) });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(admin.locator('#events-error')).toHaveText('Choose at least one event.');

    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill(`HR system ${testInfo.project.name}`);
    await form.getByRole('checkbox', { name: /^enrollment\.created/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(admin).toHaveURL(/\/admin\/webhooks\/\d+\?done=created$/);
    const secret = await admin.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const endpointPath = new URL(admin.url()).pathname;

    // A learner enrolls in a demo run with room.
    const runs = await (await admin.request.get('/api/v1/runs?limit=200')).json();
    const run = [...runs.data].reverse().find((candidate: { seats_left: number }) => candidate.seats_left > 5);
    const email = uniqueEmail(testInfo, 'hooked');
    const learner = await newPage(browser, testInfo);
    await register(learner, 'Hugo Webb', email);
    await confirmEmail(learner, admin, email);
    await learner.goto(`/enroll/${run.id}`);
    await hydrated(learner);
    await learner.getByRole('button', { name: 'Confirm enrollment' }).click();
    await expect(learner.getByText('You are enrolled. We emailed you the details.')).toBeVisible();

    // The background worker sends it, signed with the secret shown once.
    const mine = () => receiver.received.filter((message) => message.body.includes(email));
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(1);
    const [message] = mine();
    expect(signatureMatches(secret, message)).toBe(true);
    expect(JSON.parse(message.body).type).toBe('enrollment.created');
    const messageId = String(message.headers['webhook-id']);

    // The delivery log shows it, and "Resend" sends the same message again.
    await admin.goto(endpointPath);
    await expect(admin.getByRole('textbox', { name: 'Signing secret' })).toHaveCount(0);
    const row = admin.getByRole('row', { name: new RegExp(messageId) });
    await expect(row).toContainText('Delivered');
    await expect(row).toContainText(/HTTP 200 in \d+ ms/);
    await expect(row).toContainText('received');
    await hydrated(admin);
    await row.getByRole('button', { name: /^Resend/ }).click();
    await expect(admin.getByText('The message is on its way again.')).toBeVisible();
    await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(2);
    const resent = mine()[1];
    expect(resent.headers['webhook-id']).toBe(messageId);
    expect(resent.body).toBe(message.body);
    expect(signatureMatches(secret, resent)).toBe(true);

    // Deleted, it gets nothing more (the receiver closes after this test).
    await admin.goto(endpointPath);
    await hydrated(admin);
    await admin.getByRole('button', { name: 'Delete endpoint' }).click();
    await expect(admin.getByText('Endpoint deleted.')).toBeVisible();
  } finally {
    receiver.server.close();
  }
});
