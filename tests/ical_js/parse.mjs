// Parse one iCalendar object from standard input with Mozilla's ical.js (the engine
// Thunderbird runs) and print what it understood as JSON on standard output.
//
// Timed values are reported as Unix seconds computed by ical.js itself, using the VTIMEZONE
// embedded in the calendar (as Thunderbird does), so the Python tests can compare them with
// zoneinfo. All-day values are reported as "YYYY-MM-DD". A TZID without a matching VTIMEZONE,
// or a floating time, is an error: ical.js would silently show such an event in the reader's
// own zone.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function describeTime(time, what, uid) {
  if (time === null) {
    return null;
  }
  if (time.isDate) {
    return { date: time.toString() };
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`${uid}: ${what} is floating or names a TZID without a VTIMEZONE`);
  }
  return { unix: time.toUnixTime(), tzid: time.zone.tzid };
}

function textValues(component, name) {
  return component.getAllProperties(name).map((prop) => prop.getValues().map(String));
}

const text = await readStdin();
const root = new ICAL.Component(ICAL.parse(text));
if (root.name !== "vcalendar") {
  throw new Error(`expected a VCALENDAR, got ${root.name}`);
}
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const uid = event.uid;
  return {
    uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    start: describeTime(event.startDate, "DTSTART", uid),
    end: describeTime(event.endDate, "DTEND", uid),
    categories: textValues(component, "categories").flat(),
    organizer: component.getFirstPropertyValue("organizer"),
    attendees: component.getAllProperties("attendee").map((prop) => prop.getFirstValue()),
  };
});
const result = {
  method: root.getFirstPropertyValue("method"),
  name: root.getFirstPropertyValue("name"),
  x_wr_calname: root.getFirstPropertyValue("x-wr-calname"),
  timezones: root.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid")),
  events,
};
process.stdout.write(JSON.stringify(result));
