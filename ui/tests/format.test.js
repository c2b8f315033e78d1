// Dates, numbers, phone numbers and untrusted names, per language: tables of cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, formatTime, formatDate, formatWhen, formatPhone, visible, printable } from "../lib/format.js";

// Intl separates French thousands with a narrow no-break space (U+202F).
const NNBSP = "\u202f";
const PARIS = { timeZone: "Europe/Paris" };

test("numbers are grouped the way each language groups them", () => {
  const cases = [
    [3000, "fr", `3${NNBSP}000`],
    [3000, "en", "3,000"],
    [20000, "fr", `20${NNBSP}000`],
    [1234567.5, "en", "1,234,567.5"],
    [1234567.5, "fr", `1${NNBSP}234${NNBSP}567,5`],
    [0, "fr", "0"],
    [7, "de", "7"], // an unknown language falls back to English
  ];
  for (const [value, lang, want] of cases) assert.equal(formatNumber(value, lang), want, `${value} in ${lang}`);
});

test("times are 24-hour in the user's time zone, dates spell the month in the language", () => {
  const iso = "2024-03-03T13:02:00Z";
  assert.equal(formatTime(iso, "fr", PARIS), "14:02");
  assert.equal(formatTime(iso, "en", PARIS), "14:02");
  assert.equal(formatTime(iso, "en", { timeZone: "America/New_York" }), "08:02");
  assert.equal(formatDate(iso, "fr", PARIS), "3 mars 2024");
  assert.equal(formatDate(iso, "en", PARIS), "3 Mar 2024");
  // New Year's Eve at 23:30 UTC is already the next year in Paris.
  assert.equal(formatDate("2024-12-31T23:30:00Z", "en", PARIS), "1 Jan 2025");
});

test("missing or broken dates show nothing rather than 'Invalid Date'", () => {
  for (const iso of [null, undefined, "", "yesterday"]) {
    assert.equal(formatTime(iso, "fr"), "");
    assert.equal(formatDate(iso, "en"), "");
    assert.equal(formatWhen(iso, "en"), "");
  }
});

test("a list shows the time for today and the date before, 'today' taken in the user's time zone", () => {
  const now = new Date("2024-03-04T08:00:00Z");
  const lateSunday = "2024-03-03T23:30:00Z"; // Monday 00:30 in Paris, still Sunday in UTC
  assert.equal(formatWhen(lateSunday, "fr", { now, ...PARIS }), "00:30");
  assert.equal(formatWhen(lateSunday, "fr", { now, timeZone: "UTC" }), "3 mars 2024");
  assert.equal(formatWhen("2023-11-20T10:00:00Z", "en", { now, ...PARIS }), "20 Nov 2023");
});

test("phone numbers are shown in international format with spaces", () => {
  const cases = [
    ["whatsapp:+33612345678", "+33 6 12 34 56 78"], // French: pairs
    ["+33142685300", "+33 1 42 68 53 00"],
    ["+14155550123", "+1 415 555 0123"], // North America
    ["whatsapp:+447700900123", "+44 7700 900123"], // United Kingdom: mobile
    ["+442079460123", "+44 20 7946 0123"], // London
    ["+32470123456", "+32 470 12 34 56"], // Belgium
    ["+41791234567", "+41 79 123 45 67"], // Switzerland
    ["+4915123456789", "+49 151 234 567 89"], // elsewhere: threes after the country code
    ["+2250712345678", "+225 071 234 5678"], // a three-digit country code
    ["+3361234567", "+33 612 345 67"], // a French code with a wrong length: threes, nothing lost
  ];
  for (const [raw, want] of cases) assert.equal(formatPhone(raw), want, raw);
});

test("what is not an E.164 number is left as it is (without its whatsapp: prefix)", () => {
  const cases = [
    ["0612345678", "0612345678"],
    ["+33 6 12 34 56 78", "+33 6 12 34 56 78"],
    ["whatsapp:+12", "+12"],
    ["+1234567890123456", "+1234567890123456"], // 16 digits: too long for E.164
    ["abc", "abc"],
    ["", ""],
    [null, ""],
    [undefined, ""],
  ];
  for (const [raw, want] of cases) assert.equal(formatPhone(raw), want, String(raw));
});

test("names show their control and bidi characters visibly", () => {
  const cases = [
    ["Camille Martin", "Camille Martin"],
    ["Bob\u202Egnp.exe", "Bob⟨U+202E⟩gnp.exe"], // right-to-left override: "Bobexe.png" in disguise
    ["\u2067Eve\u2069", "⟨U+2067⟩Eve⟨U+2069⟩"],
    ["a\u200Fb", "a⟨U+200F⟩b"],
    ["\u001b[31mred\u001b[0m", "␛[31mred␛[0m"], // terminal escape
    ["bell\u0007 nul\u0000 del\u007f", "bell␇ nul␀ del␡"],
    ["c1\u009b", "c1⟨U+009B⟩"],
    ["line\nbreak", "line␊break"],
    ["محمد", "محمد"], // right-to-left letters are fine
    ["<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"], // markup is only text anyway
    [null, ""],
  ];
  for (const [raw, want] of cases) assert.equal(visible(raw), want, JSON.stringify(raw));
});

test("message previews keep bidi marks (the element isolates them) but show controls", () => {
  assert.equal(printable("Hello\nworld\r\n\tbye"), "Hello world bye");
  assert.equal(printable("\u001b[2J cleared"), "␛[2J cleared");
  assert.equal(printable("שלום\u200F!"), "שלום\u200F!");
});
