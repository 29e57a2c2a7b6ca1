// Stores a participant's tap off the page's main thread (platform::save_worker).
//
// Why a worker: after a tap, Chromium holds back the page's other tasks,
// IndexedDB's replies among them, until the next frame is on screen
// (DeferRendererTasksAfterInput). A transaction made on the page is then
// committed on disk within a millisecond but reported only a frame later,
// 12 ms after the tap at the median. A worker has its own thread: its
// transaction is reported at once, about 4 ms after the tap.
//
// The page first sends {hello, db, version} and hears {ready} once this
// script runs and has opened the database.
// Then it sends {id, db, version, writes: [{store, value, remove}]} and
// gets back {id, at} (when the transaction completed, as an absolute time),
// {id, error, message} when the transaction failed, or {id, unavailable}
// when nothing was written and the page should write itself (the database
// would need creating or upgrading, which only the page does, or it could
// not be opened here). All writes of a message are one transaction.
'use strict';

var opened = null;

function open(name, version) {
  if (opened && opened.name === name && opened.version === version) return Promise.resolve(opened);
  if (opened) opened.close();
  opened = null;
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(name, version);
    request.onupgradeneeded = function () {
      // Older or missing: only the page may create or migrate it.
      request.transaction.abort();
    };
    request.onsuccess = function () {
      var db = request.result;
      // A newer version in another tab: let it upgrade; the next save reopens.
      db.onversionchange = function () {
        db.close();
        if (opened === db) opened = null;
      };
      opened = db;
      resolve(db);
    };
    request.onerror = function () {
      reject(request.error);
    };
    request.onblocked = function () {
      reject(new DOMException('blocked by an open connection', 'NotReadyError'));
    };
  });
}

function failed(id, error) {
  postMessage({ id: id, error: (error && error.name) || 'Error', message: String((error && error.message) || error) });
}

onmessage = function (event) {
  var message = event.data;
  if (message.hello) {
    // Opened now, so the first tap does not wait for it.
    var ready = function () {
      postMessage({ ready: true });
    };
    open(message.db, message.version).then(ready, ready);
    return;
  }
  open(message.db, message.version)
    .then(function (db) {
      var stores = [];
      message.writes.forEach(function (w) {
        if (stores.indexOf(w.store) < 0) stores.push(w.store);
      });
      var tx;
      try {
        tx = db.transaction(stores, 'readwrite', { durability: 'relaxed' });
      } catch (error) {
        // Closed for another tab's upgrade, or a store this version lacks.
        postMessage({ id: message.id, unavailable: true });
        return;
      }
      tx.oncomplete = function () {
        postMessage({ id: message.id, at: performance.timeOrigin + performance.now() });
      };
      tx.onabort = function () {
        failed(message.id, tx.error || new DOMException('transaction aborted', 'AbortError'));
      };
      try {
        message.writes.forEach(function (w) {
          var store = tx.objectStore(w.store);
          if (w.remove) store.delete(w.value);
          else store.put(w.value);
        });
        if (tx.commit) tx.commit();
      } catch (error) {
        // Nothing was kept: the transaction is aborted, and onabort then reports
        // the abort; this error, which says why, is reported first.
        failed(message.id, error);
        message.id = -1;
        try {
          tx.abort();
        } catch (ignored) {
          // Already ended.
        }
      }
    })
    .catch(function () {
      postMessage({ id: message.id, unavailable: true });
    });
};
