// Renders every record of the given EVTX files with @ts-evtx/core (JSON of its event objects),
// for bench-evtx.sh. Usage: node ts-evtx-dump.mjs ROUNDS FILE... ; prints the record count.
import { evtx } from '@ts-evtx/core';

const rounds = Number(process.argv[2]);
const files = process.argv.slice(3);
let records = 0;
let bytes = 0;
let failed = 0;
for (let r = 0; r < rounds; r++) {
  for (const f of files) {
    try {
      await evtx(f).forEach((e) => {
        records++;
        bytes += JSON.stringify(e, (k, v) => (typeof v === 'bigint' ? v.toString() : v)).length;
      });
    } catch (e) {
      failed++;
    }
  }
}
console.log(`${records} ${failed}`);
