// The record's file, held by one tab's worker at a time. The sahpool VFS opens its files
// exclusively, so a worker that needs the record and does not hold it asks the holder to let go
// (a "want" on the "afterglow-record" channel), waits for the Web Lock of that name, and opens
// it; the holder closes it after the job it is in and releases the lock. Jobs run one at a time,
// so the record is never closed under one. A clinic step uses the record across its network
// waits (`lend`): a hand-over asked for meanwhile waits until every such step is done.
//
// Plain JavaScript, shared by the app's worker (main.ts) and the storage check's
// (web/tests/storage/worker.js).

/** @typedef {import("../../generated/pkg/afterglow_web.js").WebStore} WebStore */

const NAME = "afterglow-record";

export class Record {
  /** @param {{ open(): Promise<WebStore> }} WebStore web/core's class (the module is loaded by the caller). */
  constructor(WebStore) {
    this.WebStore = WebStore;
    /** @type {WebStore | null} */
    this.store = null;
    /** @type {(() => void) | null} */
    this.releaseLock = null;
    this.tail = Promise.resolve();
    this.lent = 0;
    this.wanted = false;
    this.channel = new BroadcastChannel(NAME);
    this.channel.onmessage = ({ data }) => {
      if (data !== "want") return;
      this.wanted = true;
      void this.oneAtATime(() => this.handOver());
    };
  }

  /** Runs `job` after every job before it has finished (whether it failed or not).
   *  @template T
   *  @param {() => T | Promise<T>} job
   *  @returns {Promise<T>} */
  oneAtATime(job) {
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => {});
    return run;
  }

  /** Runs `job(store)` with the record held.
   *  @template T
   *  @param {(store: WebStore) => T | Promise<T>} job
   *  @returns {Promise<T>} */
  use(job) {
    return this.oneAtATime(async () => job(await this.held()));
  }

  /** Runs `step(store)`, which may wait on the network with the store in use; the record is not
   *  handed to another tab until it has settled.
   *  @template T
   *  @param {(store: WebStore) => Promise<T>} step
   *  @returns {Promise<T>} */
  async lend(step) {
    const running = await this.use((store) => {
      this.lent += 1;
      return { promise: step(store) };
    });
    try {
      return await running.promise;
    } finally {
      this.lent -= 1;
      if (this.lent === 0 && this.wanted) void this.oneAtATime(() => this.handOver());
    }
  }

  /** @returns {Promise<WebStore>} */
  async held() {
    if (this.store) return this.store;
    // No Web Locks (an insecure origin): no OPFS either, so the record is this page's own, in
    // memory, and there is nothing to coordinate with.
    if (!navigator.locks) return (this.store = await this.WebStore.open());
    // A "want" from before this request is a tab ahead of this one in the lock's queue (it is
    // served first); one from while this one waits is behind it, and is served below.
    this.wanted = false;
    this.channel.postMessage("want");
    await new Promise((locked) => {
      navigator.locks.request(NAME, () => new Promise((release) => {
        this.releaseLock = release;
        locked();
      }));
    });
    try {
      this.store = await this.WebStore.open();
    } catch (e) {
      this.releaseLock();
      this.releaseLock = null;
      throw e;
    }
    // A tab asked while this one waited: its "want" found nobody holding the record, so this
    // one lets go after the job it opened the record for.
    if (this.wanted) void this.oneAtATime(() => this.handOver());
    return this.store;
  }

  handOver() {
    // A record kept in memory belongs to this page alone: there is nothing to hand over.
    if (!this.wanted || !this.store || !this.store.persistent || this.lent > 0) return;
    this.wanted = false;
    const store = this.store;
    this.store = null;
    try {
      store.close();
    } finally {
      // The call took the handle even if it failed (the pool could not pause): the lock goes
      // either way, so the other tab is never left waiting; if it then cannot open the file, its
      // operation fails with a storage error the patient can retry.
      this.releaseLock?.();
      this.releaseLock = null;
    }
  }
}
