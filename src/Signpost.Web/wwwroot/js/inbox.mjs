// Live updates for the inbox list and a conversation (issue 5: live updates with JavaScript,
// everything usable without). Every ten seconds it asks the page's Live handler what is new.
// The list inserts the new rows (rendered and encoded by the server) at the top and says how many
// arrived in an aria-live region; a conversation says how many new messages there are, with a link
// to show them. Loaded as a module from the page: no inline script (the CSP forbids it).
const INTERVAL = 10_000;

function announce(status, text, href) {
  status.textContent = '';
  status.append(document.createTextNode(text + ' '));
  if (href) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'Show the latest';
    status.append(link);
  }
}

async function poll(url, since) {
  const address = new URL(url, window.location.href);
  address.searchParams.set('since', since);
  const response = await fetch(address, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`Live update failed: ${response.status}`);
  }
  return response.json();
}

function watchList(root) {
  const status = root.querySelector('[data-live-status]');
  const rows = document.querySelector('[data-inbox-rows]');
  const table = document.getElementById('inbox-table');
  const insert = root.dataset.insert === 'true';
  let since = root.dataset.since;
  let total = 0;
  const tick = async () => {
    try {
      const result = await poll(root.dataset.inboxLive, since);
      since = result.since;
      if (result.count > 0) {
        total += result.count;
        if (insert && rows) {
          const template = document.createElement('template');
          template.innerHTML = result.html;
          rows.prepend(template.content);
          table?.removeAttribute('hidden');
          document.getElementById('inbox-empty')?.remove();
        }
        const words = total === 1 ? '1 new message' : `${total}${result.more ? ' or more' : ''} new messages`;
        announce(status, insert ? `${words} added at the top of the list.` : `${words}.`, window.location.href);
      }
    } catch {
      // A failed poll is tried again at the next tick; the page still works without it.
    }
    window.setTimeout(tick, INTERVAL);
  };
  window.setTimeout(tick, INTERVAL);
}

function watchConversation(root) {
  const status = root.querySelector('[data-live-status]');
  let since = root.dataset.since;
  let total = 0;
  const tick = async () => {
    try {
      const result = await poll(root.dataset.conversationLive, since);
      since = result.since;
      if (result.count > 0) {
        total += result.count;
        announce(status, total === 1 ? 'There is 1 new message in this conversation.' : `There are ${total} new messages in this conversation.`, window.location.pathname);
      }
    } catch {
      // Tried again at the next tick.
    }
    window.setTimeout(tick, INTERVAL);
  };
  window.setTimeout(tick, INTERVAL);
}

document.querySelectorAll('[data-inbox-live]').forEach(watchList);
document.querySelectorAll('[data-conversation-live]').forEach(watchConversation);
