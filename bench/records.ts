/** Deterministic ~1 KB nested records for the benchmarks: a nested object, a list of strings, and a list of objects that each hold a list (5 rows per record over 4 tables). */
const BIO = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium.';

export function record(i: number) {
  return {
    id: i,
    userName: `user_${i}`,
    email: `user${i}@example.com`,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    active: i % 3 !== 0,
    score: (i % 1000) / 7,
    profile: { city: `City ${i % 97}`, country: ['NO', 'IT', 'DE', 'US'][i % 4], bio: BIO.slice(0, 380 + (i % 40)) },
    tags: [`tag${i % 5}`, `tag${i % 11}`],
    orders: [{ orderId: `o-${i}`, amount: (i % 500) + 0.99, items: [`sku-${i % 123}`] }],
  };
}

/** Rows one record produces: users, users__tags ×2, users__orders, users__orders__items. */
export const ROWS_PER_RECORD = 5;

const BIOS = Array.from({ length: 40 }, (_, k) => JSON.stringify(BIO.slice(0, 380 + k)));
const CITIES = Array.from({ length: 97 }, (_, k) => JSON.stringify(`City ${k}`));
const COUNTRIES = ['"NO"', '"IT"', '"DE"', '"US"'];
const SCORES = Array.from({ length: 1000 }, (_, k) => JSON.stringify(k / 7));
const AMOUNTS = Array.from({ length: 500 }, (_, k) => JSON.stringify(k + 0.99));
const T0 = Date.UTC(2024, 0, 1);
const days = new Map<number, string>();
const times = new Map<number, string>();

/** `createdAt` of record `i` (cached by day and by second of the day: `toISOString` per record is costly). */
function createdAt(i: number): string {
  const day = Math.floor(i / 86400);
  const sec = i % 86400;
  let d = days.get(day);
  if (d === undefined) days.set(day, (d = new Date(T0 + day * 86400_000).toISOString().slice(0, 11)));
  let t = times.get(sec);
  if (t === undefined) times.set(sec, (t = new Date(T0 + sec * 1000).toISOString().slice(11)));
  return d + t;
}

/**
 * `JSON.stringify(record(i))`, byte for byte, built from precomputed pieces: the mock API shares the
 * benchmark's two cores with the loader, and building and serializing objects cost it ~6 µs per record.
 * The mock checks the equality on a sample at startup.
 */
export function recordJson(i: number): string {
  return (
    `{"id":${i},"userName":"user_${i}","email":"user${i}@example.com","createdAt":"${createdAt(i)}","active":${i % 3 !== 0},"score":${SCORES[i % 1000]},` +
    `"profile":{"city":${CITIES[i % 97]},"country":${COUNTRIES[i % 4]},"bio":${BIOS[i % 40]}},"tags":["tag${i % 5}","tag${i % 11}"],` +
    `"orders":[{"orderId":"o-${i}","amount":${AMOUNTS[i % 500]},"items":["sku-${i % 123}"]}]}`
  );
}
