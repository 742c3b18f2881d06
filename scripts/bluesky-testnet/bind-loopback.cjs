// Preloaded with `node -r` by start-network.mjs's runner: every server the AT Protocol
// reference servers open without naming a host listens on 127.0.0.1 only, so that the test
// network is never reachable from outside the machine.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

// The servers call each other at http://localhost:PORT: resolve that to the address we listen on.
dns.setDefaultResultOrder('ipv4first');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (args.length === 0 || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first && typeof first === 'object' && first.path === undefined && first.fd === undefined &&
             first._handle === undefined && first.handle === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
