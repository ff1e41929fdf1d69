/**
 * The full run's duplicate index: for each key, the first contact that claimed it. A million
 * contacts claim three million keys; held in `Map`s, the keys' strings and the Maps' entries were
 * live heap that every garbage collection of the analysis thread walked, and a claim cost several
 * dependent memory reads (bucket, entry, key, the key's characters). These tables keep everything
 * in typed arrays, a slot's fields side by side (open addressing, linear probing, at most half
 * full): one cache line per probe and nothing for the collector to trace. Exact, not
 * probabilistic: a string key's text is kept and compared whenever its hash matches.
 */

const MIN_CAPACITY = 1 << 12;

/** Slots for `keys` keys at most half full: a run that knows its size never grows a table. */
const capacityFor = (keys: number) => Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(keys * 2)));

/** Murmur3's finalizer: spreads every input bit over the 32 bits of the slot hash. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function positive(id: number): number {
  if (!(id > 0)) throw new RangeError(`a key's holder must be a positive id, not ${id}`);
  return id;
}

/** First holders of non-negative integer keys below 2^53 (E.164 phone numbers as numbers). */
export class NumberFirstHolders {
  /** Per slot: holder (0 when empty, so ids must be positive), key. */
  private slots: Float64Array;
  private size = 0;

  /** `expected`: how many keys the table will likely hold (it grows past that when it must). */
  constructor(expected = 0) {
    this.slots = new Float64Array(capacityFor(expected) * 2);
  }

  /** The first holder of `key`, which is `id` when no one claimed it before. */
  claim(key: number, id: number): number {
    const mask = this.slots.length / 2 - 1;
    const hash = mix((key >>> 0) ^ Math.imul((key / 2 ** 32) >>> 0, 0x9e3779b1));
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const holder = this.slots[2 * i] ?? 0;
      if (holder === 0) {
        this.slots[2 * i] = positive(id);
        this.slots[2 * i + 1] = key;
        if ((this.size += 1) * 4 > this.slots.length) this.grow();
        return id;
      }
      if (this.slots[2 * i + 1] === key) return holder;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (let at = 0; at < old.length; at += 2) {
      const holder = old[at] ?? 0;
      if (holder !== 0) this.claim(old[at + 1] ?? 0, holder);
    }
  }
}

const STRIDE = 3;

/**
 * First holders of string keys (normalized emails, names with companies). A key's text is kept in
 * one arena: an ASCII key (almost every one) as one byte per UTF-16 unit, any other as its units
 * in two bytes each, so any JavaScript string (a lone surrogate included, which UTF-8 would turn
 * into U+FFFD) compares exactly, in place, with no string decoded and no native call per claim.
 */
export class StringFirstHolders {
  /** Per slot: holder (0 when empty), hash + byte length · 2^32, start in `bytes` · 2 + 1 if two bytes a unit. */
  private slots: Float64Array;
  /** Every claimed key's text, one after the other. */
  private bytes: Uint8Array;
  private used = 0;
  private size = 0;

  /** `expected`: how many keys the table will likely hold (it grows past that when it must). */
  constructor(expected = 0) {
    const capacity = capacityFor(expected);
    this.slots = new Float64Array(capacity * STRIDE);
    this.bytes = new Uint8Array(capacity * 16);
  }

  claim(key: string, id: number): number {
    const hash = hashString(key);
    const mask = this.slots.length / STRIDE - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const holder = this.slots[at] ?? 0;
      if (holder === 0) {
        const start = this.used;
        const wide = this.append(key);
        this.slots[at] = positive(id);
        this.slots[at + 1] = hash + (this.used - start) * 2 ** 32;
        this.slots[at + 2] = start * 2 + (wide ? 1 : 0);
        if ((this.size += 1) * 2 * STRIDE > this.slots.length) this.grow();
        return id;
      }
      const tag = this.slots[at + 1] ?? 0;
      if (tag % 2 ** 32 === hash && this.holds(this.slots[at + 2] ?? 0, tag, key)) return holder;
    }
  }

  /** Whether the text a slot points at (`place`, its length in `tag`) is `key`. */
  private holds(place: number, tag: number, key: string): boolean {
    const length = Math.floor(tag / 2 ** 32);
    const start = Math.floor(place / 2);
    if (place % 2 === 0) {
      if (length !== key.length) return false;
      for (let i = 0; i < length; i += 1)
        if (this.bytes[start + i] !== key.charCodeAt(i)) return false;
      return true;
    }
    if (length !== key.length * 2) return false;
    for (let i = 0; i < key.length; i += 1) {
      const at = start + 2 * i;
      if ((this.bytes[at] ?? 0) + (this.bytes[at + 1] ?? 0) * 256 !== key.charCodeAt(i))
        return false;
    }
    return true;
  }

  /** Appends the key's text; whether it took two bytes a unit. */
  private append(key: string): boolean {
    let ascii = 0;
    while (ascii < key.length && key.charCodeAt(ascii) < 0x80) ascii += 1;
    const wide = ascii < key.length;
    const needed = this.used + key.length * (wide ? 2 : 1);
    if (needed > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
    }
    for (let i = 0; i < key.length; i += 1) {
      const unit = key.charCodeAt(i);
      if (wide) {
        this.bytes[this.used] = unit & 0xff;
        this.bytes[this.used + 1] = unit >>> 8;
        this.used += 2;
      } else {
        this.bytes[this.used] = unit;
        this.used += 1;
      }
    }
    return wide;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    const mask = this.slots.length / STRIDE - 1;
    // Keys are distinct, so each only needs an empty slot: no comparisons, bytes stay where they are.
    for (let from = 0; from < old.length; from += STRIDE) {
      if ((old[from] ?? 0) === 0) continue;
      let i = ((old[from + 1] ?? 0) % 2 ** 32) & mask;
      while ((this.slots[i * STRIDE] ?? 0) !== 0) i = (i + 1) & mask;
      for (let f = 0; f < STRIDE; f += 1) this.slots[i * STRIDE + f] = old[from + f] ?? 0;
    }
  }
}

/** FNV-1a over the UTF-16 units, then mixed: cheap for short keys, well spread over the slots. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}
