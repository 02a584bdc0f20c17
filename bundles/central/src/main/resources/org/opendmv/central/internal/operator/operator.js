// The operator's page: reads the fleet API and shows it. Text only — every value goes through textContent,
// never through a markup parser, so nothing a kiosk reports can become HTML or script.
'use strict';

const REFRESH_MS = 5000;

const HINTS = {
  RETRY: ['可重试', 'retry'],
  CLEAR: ['需现场人员处理', 'staff on site'],
  MAINTENANCE: ['需维修', 'field engineer'],
  SUSPEND: ['暂停，自动恢复中', 'suspended, recovering'],
};

const STATES = {
  OFFLINE: ['离线', 'offline'],
  POWER_OFF: ['断电', 'power off'],
  NO_DEVICE: ['未找到设备', 'no device'],
  HARDWARE_ERROR: ['硬件故障', 'hardware error'],
  USER_ERROR: ['使用不当', 'user error'],
  FRAUD_ATTEMPT: ['疑似作弊', 'fraud attempt'],
  UNKNOWN: ['未知', 'unknown'],
};

/** A node with Chinese text and its English beside it. */
function bilingual(zh, en) {
  const f = document.createDocumentFragment();
  f.append(zh + ' ');
  const s = document.createElement('span');
  s.className = 'en';
  s.textContent = en;
  f.append(s);
  return f;
}

function cell(row, content, className) {
  const td = document.createElement('td');
  if (content instanceof Node) {
    td.append(content);
  } else {
    td.textContent = content == null ? '–' : String(content);
  }
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function when(iso) {
  if (!iso) {
    return '从未 / never';
  }
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString('zh-CN', { hour12: false });
}

function versions(k) {
  if (!k.features) {
    return '–';
  }
  const parts = Object.keys(k.features).sort().map((name) => name + ' ' + k.features[name]);
  return (k.group ? '[' + k.group + '] ' : '') + (parts.length ? parts.join(', ') : '–');
}

function named(table, code) {
  const t = table[code];
  return t ? bilingual(t[0], t[1] + ' (' + code + ')') : (code || '–');
}

function showKiosks(data) {
  document.getElementById('count-online').textContent = String(data.online);
  document.getElementById('count-offline').textContent = String(data.offline);
  const rows = document.getElementById('kiosk-rows');
  const fresh = document.createDocumentFragment();
  for (const k of data.kiosks) {
    const tr = document.createElement('tr');
    tr.dataset.kiosk = k.id;
    cell(tr, k.id);
    cell(tr, k.office);
    cell(tr, when(k.lastHeartbeat));
    if (k.revoked) {
      cell(tr, bilingual('离线（已吊销）', 'offline (revoked)'), 'state-offline');
    } else if (k.online) {
      cell(tr, bilingual('在线', 'online'), 'state-online');
    } else {
      cell(tr, bilingual('离线', 'offline'), 'state-offline');
    }
    cell(tr, versions(k), 'versions');
    fresh.append(tr);
  }
  rows.replaceChildren(fresh);
  document.getElementById('no-kiosks').hidden = data.kiosks.length > 0;
}

function showDevices(data) {
  const rows = document.getElementById('device-rows');
  const fresh = document.createDocumentFragment();
  for (const d of data.devices) {
    const tr = document.createElement('tr');
    cell(tr, d.kioskId + ' (' + d.office + ')');
    cell(tr, d.deviceId);
    cell(tr, d.deviceClass);
    cell(tr, named(STATES, d.state));
    cell(tr, d.actionHint ? named(HINTS, d.actionHint) : '–');
    cell(tr, d.detail);
    cell(tr, when(d.changedAt));
    fresh.append(tr);
  }
  rows.replaceChildren(fresh);
  document.getElementById('no-devices').hidden = data.devices.length > 0;
}

async function json(path) {
  const r = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!r.ok) {
    throw new Error('HTTP ' + r.status + ' ' + path);
  }
  return r.json();
}

async function refresh() {
  const status = document.getElementById('status');
  try {
    const [kiosks, attention] = await Promise.all([json('api/kiosks'), json('api/attention')]);
    showKiosks(kiosks);
    showDevices(attention);
    status.className = 'status';
    status.replaceChildren(bilingual('更新于 ' + when(new Date().toISOString()), 'updated'));
  } catch (e) {
    status.className = 'status error';
    status.replaceChildren(bilingual('无法读取中心数据，稍后重试', 'central unavailable, retrying — ' + e.message));
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
