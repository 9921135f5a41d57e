// Stands in for Electron's utility process in tests: gives a child_process.fork child the
// `process.parentPort` that Electron provides (messages arrive as { data }).
process.parentPort = {
  once(event, listener) {
    process.once(event, (data) => listener({ data }));
  },
  postMessage(message) {
    process.send(message);
  },
};
