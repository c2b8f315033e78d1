// Pipedrive's official Node client against pipedrive-sim: every call must succeed as it
// would against Pipedrive, with the shapes the client expects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const v1 = require('pipedrive/v1');
const v2 = require('pipedrive/v2');

let sim;
let info;

before(async () => {
  sim = spawn(process.env.PIPEDRIVE_SIM_BIN, ['--persons', '1200', '--deals', '300', '--leads', '150'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: sim.stdout });
  info = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)));
});

after(() => sim?.kill());

const v1Config = (token) => new v1.Configuration({ apiKey: token ?? info.api_token, basePath: `${info.url}/v1` });
const v2Config = () => new v2.Configuration({ apiKey: info.api_token, basePath: `${info.url}/api/v2` });

test('the current user and the company are read', async () => {
  const me = await new v1.UsersApi(v1Config()).getCurrentUser();
  assert.equal(me.success, true);
  assert.equal(me.data.company_domain, info.company_domain);
  assert.equal(me.data.company_name, info.company_name);
});

test('persons are read across cursor pages', async () => {
  const api = new v2.PersonsApi(v2Config());
  const ids = [];
  let cursor;
  do {
    const page = await api.getPersons({ limit: 500, cursor, sort_by: 'id', sort_direction: 'asc' });
    assert.equal(page.success, true);
    ids.push(...page.data.map((p) => p.id));
    cursor = page.additional_data.next_cursor ?? undefined;
  } while (cursor);
  assert.equal(ids.length, 1200);
  assert.equal(new Set(ids).size, 1200);
  const recent = await api.getPersons({ updated_since: '2000-01-01T00:00:00Z', limit: 10 });
  assert.equal(recent.data.length, 10);
  assert.match(recent.data[0].phones[0].value, /^\+\d+$/);
});

test('deals are read across cursor pages', async () => {
  const api = new v2.DealsApi(v2Config());
  let count = 0;
  let cursor;
  do {
    const page = await api.getDeals({ limit: 100, cursor });
    count += page.data.length;
    cursor = page.additional_data.next_cursor ?? undefined;
  } while (cursor);
  assert.equal(count, 300);
  const one = await api.getDeal({ id: 1 });
  assert.equal(one.data.id, 1);
});

test('leads are read with start and limit', async () => {
  const api = new v1.LeadsApi(v1Config());
  const ids = [];
  let start = 0;
  for (;;) {
    const page = await api.getLeads({ start, limit: 100 });
    ids.push(...page.data.map((l) => l.id));
    const p = page.additional_data.pagination;
    if (!p.more_items_in_collection) break;
    start = p.next_start;
  }
  assert.equal(ids.length, 150);
  const lead = await api.getLead({ id: ids[0] });
  assert.equal(lead.data.id, ids[0]);
});

test('notes are written, read, updated and listed', async () => {
  const api = new v1.NotesApi(v1Config());
  const leads = await new v1.LeadsApi(v1Config()).getLeads({ limit: 1 });
  const created = await api.addNote({
    AddNoteRequest: { content: '<p>Commande prête ✨</p>', deal_id: 2, add_time: '2024-03-04 05:06:07' },
  });
  assert.equal(created.success, true);
  assert.equal(created.data.add_time, '2024-03-04 05:06:07');
  const onLead = await api.addNote({ AddNoteRequest: { content: '<p>Devis</p>', lead_id: leads.data[0].id } });
  assert.equal(onLead.data.lead_id, leads.data[0].id);
  const onPerson = await new v1.NotesApi(v1Config(info.member_api_token)).addNote({
    AddNoteRequest: { content: '<p>Rappel</p>', person_id: 3, add_time: '2024-03-04 05:06:07' },
  });
  assert.notEqual(onPerson.data.add_time, '2024-03-04 05:06:07', "a member's add_time is ignored");
  const updated = await api.updateNote({ id: created.data.id, NoteRequest: { content: '<p>Retirée</p>' } });
  assert.equal(updated.data.content, '<p>Retirée</p>');
  const got = await api.getNote({ id: created.data.id });
  assert.equal(got.data.deal_id, 2);
  const listed = await api.getNotes({ deal_id: 2 });
  assert.equal(listed.data.length, 1);
});

test('a bad token is rejected with Pipedrive\'s error body', async () => {
  await assert.rejects(
    new v1.UsersApi(v1Config('0'.repeat(40))).getCurrentUser(),
    (err) => err.success === false && err.error === 'unauthorized access' && err.errorCode === 401,
  );
});
