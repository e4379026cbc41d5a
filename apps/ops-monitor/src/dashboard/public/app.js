// AidFlow operations dashboard: plain ES module, no build step. Money arrives as integer fen and
// is shown in yuan with BigInt arithmetic only (never floating point).
const TOKEN_KEY = 'aidflow.ops.token';
const FEED_MAX = 200;

const $ = (id) => document.getElementById(id);

const STATUS_LABELS = {
  requested: '待审批 Requested',
  partially_approved: '部分审批 Partly approved',
  approved: '已批准 Approved',
  rejected: '已驳回 Rejected',
  cancelled: '已取消 Cancelled',
  delivered: '已发放 Delivered',
};
const SOURCE_LABELS = {
  central_fiscal: '中央财政 Central',
  local_fiscal: '地方财政 Local',
  union: '工会经费 Union',
};
const PURPOSE_LABELS = {
  condolence: '慰问金 Condolence',
  working: '工作经费 Working',
  relief: '救助 Relief',
  other: '其他 Other',
};
const KIND_LABELS = {
  psychological: '心理 Psychological',
  medical: '医疗 Medical',
  housing: '住房 Housing',
  livelihood: '生计 Livelihood',
  other: '其他 Other',
};
const RULE_LABELS = {
  approval_age: '审批超时 Approval waiting',
  delivery_age: '发放超时 Not delivered',
  site_unvisited: '未走访 Site unvisited',
  discrepancy: '差异 Discrepancy',
  dlq: '死信 Dead letters',
  consumer_lag: '消费延迟 Consumer lag',
};

/** "¥1,234.56" from fen, by integer arithmetic. */
export function yuan(fen) {
  let value = BigInt(fen ?? 0);
  const negative = value < 0n;
  if (negative) value = -value;
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}

const count = (n) => Number(n ?? 0).toLocaleString('zh-CN');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString('zh-CN', {
    hour12: false,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  incidentId: '',
  stream: null,
  lastEventId: null,
  refreshTimer: null,
};

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${state.token}`,
      ...(options.headers ?? {}),
    },
  });
  if (res.status === 401) {
    signOut('令牌无效或已过期 Token rejected or expired');
    throw new Error('unauthorized');
  }
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error(body?.message ?? `HTTP ${res.status}`);
  return body;
}

function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

// ---------- session ----------

function showLogin(message = '') {
  $('login').hidden = false;
  $('app').hidden = true;
  $('session').hidden = true;
  $('login-error').textContent = message;
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  stopStream();
  showLogin(message);
}

async function start() {
  const c = claims(state.token);
  if (!c) return signOut('无法读取令牌 Not a JWT');
  $('login').hidden = true;
  $('app').hidden = false;
  $('session').hidden = false;
  $('who').textContent = `${c.name ?? c.sub} · ${c.orgCode ?? ''} · ${(c.roles ?? []).join(', ')}`;
  try {
    await loadIncidents();
  } catch (error) {
    if (error.message !== 'unauthorized') $('summary-error').textContent = error.message;
    return;
  }
  startStream();
  loadLag();
}

// ---------- summary ----------

async function loadIncidents() {
  const page = await api('/api/ops/incidents?limit=200');
  const select = $('incident');
  const previous = state.incidentId;
  select.replaceChildren(
    el('option', { value: '' }, page.items.length ? '— 请选择 choose —' : '— 暂无灾情 none yet —'),
  );
  for (const incident of page.items) {
    select.append(
      el(
        'option',
        { value: incident.id },
        `${incident.title} · ${incident.status} · ${incident.leadOrgCode}`,
      ),
    );
  }
  const keep = page.items.find((i) => i.id === previous) ?? page.items[0];
  state.incidentId = keep ? keep.id : '';
  select.value = state.incidentId;
  if (state.incidentId) await loadSummary();
}

async function loadSummary() {
  if (!state.incidentId) return;
  $('summary-error').textContent = '';
  try {
    renderSummary(await api(`/api/ops/incidents/${state.incidentId}/summary`));
  } catch (error) {
    if (error.message !== 'unauthorized') $('summary-error').textContent = error.message;
  }
}

function scheduleSummary() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(
    () => void (state.incidentId ? loadSummary() : loadIncidents()),
    600,
  );
}

function kpi(label, value, tone = '') {
  return el(
    'div',
    { class: `kpi ${tone}` },
    el('div', { class: 'kpi-value' }, value),
    el('div', { class: 'kpi-label' }, label),
  );
}

function renderSummary(s) {
  $('as-of').textContent = `截至 as of ${time(s.asOf)}`;
  const t = s.funds.totals;
  const alerts = s.alerts.length;
  $('kpis').replaceChildren(
    kpi('到位资金 Received', yuan(t.amountFen)),
    kpi('已发放 Delivered', yuan(t.deliveredFen), 'good'),
    kpi('已冻结 Reserved', yuan(t.reservedFen)),
    kpi('可用 Available', yuan(t.availableFen)),
    kpi(
      '待审批 Waiting approval',
      count(s.disbursements.waiting),
      s.disbursements.waiting ? 'warn' : '',
    ),
    kpi('走访 Visits', count(s.visits.total)),
    kpi('覆盖人数 Reached', count(s.visits.beneficiariesReached)),
    kpi(
      '跟进 未结/逾期 Follow-ups open/overdue',
      `${count(s.followUps.open)} / ${count(s.followUps.overdue)}`,
      s.followUps.overdue ? 'warn' : '',
    ),
    kpi('告警 Alerts', count(alerts), alerts ? 'bad' : 'good'),
  );

  const funds = $('funds-table');
  funds.tBodies[0].replaceChildren(
    ...s.funds.items.map((f) =>
      el(
        'tr',
        { class: f.parentFundId ? 'child' : 'root' },
        el(
          'td',
          {},
          el('div', { class: 'fund-name' }, f.name ?? '（未知 unknown）'),
          el(
            'div',
            { class: 'muted small mono' },
            `${f.code ?? f.fundId} · ${f.ownerOrgCode ?? '—'}`,
          ),
        ),
        el(
          'td',
          { class: 'small' },
          el('div', {}, SOURCE_LABELS[f.source] ?? f.source ?? '—'),
          el('div', { class: 'muted' }, PURPOSE_LABELS[f.purpose] ?? f.purpose ?? '—'),
        ),
        el('td', { class: 'num' }, yuan(f.amountFen)),
        el('td', { class: 'num' }, yuan(f.allocatedDownFen)),
        el('td', { class: 'num' }, yuan(f.reservedFen)),
        el('td', { class: 'num' }, yuan(f.deliveredFen)),
        el('td', { class: 'num strong' }, yuan(f.availableFen)),
      ),
    ),
  );
  if (!s.funds.items.length) funds.tBodies[0].append(emptyRow(7));
  funds.tFoot.replaceChildren(
    el(
      'tr',
      {},
      el('td', { colspan: '2' }, '合计（整体）Incident total'),
      el('td', { class: 'num' }, yuan(t.amountFen)),
      el('td', { class: 'num' }, yuan(t.allocatedDownFen)),
      el('td', { class: 'num' }, yuan(t.reservedFen)),
      el('td', { class: 'num' }, yuan(t.deliveredFen)),
      el('td', { class: 'num' }, yuan(t.availableFen)),
    ),
  );

  $('disb-table').tBodies[0].replaceChildren(
    ...s.disbursements.byStatus.map((d) =>
      el(
        'tr',
        { class: d.count ? '' : 'dim' },
        el(
          'td',
          {},
          el('span', { class: `status ${d.status}` }, STATUS_LABELS[d.status] ?? d.status),
        ),
        el('td', { class: 'num' }, count(d.count)),
        el('td', { class: 'num' }, yuan(d.amountFen)),
      ),
    ),
  );
  $('disb-waiting').textContent = s.disbursements.oldestWaitingSince
    ? `最早待审批 Oldest waiting: ${time(s.disbursements.oldestWaitingSince)}（${s.disbursements.oldestWaitingHours} h）`
    : '';

  $('fu-table').tBodies[0].replaceChildren(
    ...(s.followUps.byKind.length
      ? s.followUps.byKind.map((f) =>
          el(
            'tr',
            {},
            el('td', {}, KIND_LABELS[f.kind] ?? f.kind),
            el('td', { class: 'num' }, count(f.open)),
            el('td', { class: f.overdue ? 'num bad' : 'num' }, count(f.overdue)),
          ),
        )
      : [emptyRow(3)]),
  );

  $('sites-table').tBodies[0].replaceChildren(
    ...(s.visits.sites.length
      ? s.visits.sites.map((site) =>
          el(
            'tr',
            { class: site.visits ? '' : 'unvisited' },
            el('td', {}, site.name ?? site.siteId),
            el('td', { class: 'mono' }, site.orgCode ?? '—'),
            el('td', { class: 'num' }, count(site.visits)),
            el('td', { class: 'num' }, count(site.beneficiariesReached)),
            el('td', { class: 'num' }, count(site.beneficiariesRegistered)),
            el('td', {}, site.visits ? time(site.lastVisitedAt) : '未走访 not visited'),
          ),
        )
      : [emptyRow(6)]),
  );

  $('goods-table').tBodies[0].replaceChildren(
    ...(s.goods.length
      ? s.goods.map((g) =>
          el(
            'tr',
            {},
            el(
              'td',
              {},
              g.name ?? g.itemCode,
              ' ',
              el('span', { class: 'muted small mono' }, g.itemCode),
            ),
            el('td', { class: 'num' }, count(g.quantity)),
          ),
        )
      : [emptyRow(2)]),
  );

  $('alerts').replaceChildren(
    ...(s.alerts.length
      ? s.alerts.map((a) =>
          el(
            'li',
            { class: `alert ${a.severity}` },
            el(
              'div',
              { class: 'alert-head' },
              el('span', { class: 'rule' }, RULE_LABELS[a.rule] ?? a.rule),
              el('span', { class: 'muted small' }, time(a.raisedAt)),
            ),
            el('div', {}, a.message),
          ),
        )
      : [el('li', { class: 'muted' }, '无告警 No active alerts')]),
  );
}

function emptyRow(span) {
  return el(
    'tr',
    { class: 'dim' },
    el('td', { colspan: String(span), class: 'muted' }, '暂无数据 No data yet'),
  );
}

// ---------- lag ----------

async function loadLag() {
  try {
    const report = await api('/api/ops/lag');
    const rows = [];
    for (const g of report.groups) {
      if (!g.topics.length) {
        rows.push(
          el(
            'tr',
            { class: 'dim' },
            el('td', { class: 'mono' }, g.group),
            el('td', { colspan: '5', class: 'muted' }, '尚无提交 no commits yet'),
          ),
        );
      }
      for (const t of g.topics) {
        for (const p of t.partitions) {
          rows.push(
            el(
              'tr',
              { class: p.lag > 0 ? 'lagging' : '' },
              el('td', { class: 'mono' }, g.group),
              el('td', { class: 'mono' }, t.topic),
              el('td', { class: 'num' }, p.partition),
              el('td', { class: 'num' }, p.committedOffset ?? '—'),
              el('td', { class: 'num' }, p.highWatermark),
              el('td', { class: p.lag > 0 ? 'num bad' : 'num' }, count(p.lag)),
            ),
          );
        }
      }
    }
    $('lag-table').tBodies[0].replaceChildren(...rows);
    $('lag-note').textContent = `截至 as of ${time(report.computedAt)}`;
  } catch (error) {
    if (error.message !== 'unauthorized')
      $('lag-note').textContent =
        `${error.message}（需要 ops/admin 角色 needs the ops or admin role）`;
  }
}

// ---------- live feed (fetch streaming: the token travels in a header, not in the URL) ----------

function setStreamState(on, text) {
  const pill = $('stream-state');
  pill.className = `pill ${on ? 'on' : 'off'}`;
  pill.textContent = text;
}

function stopStream() {
  state.stream?.abort();
  state.stream = null;
}

function describe(envelope) {
  const d = envelope.data ?? {};
  switch (envelope.type) {
    case 'incident.reported':
      return `${d.title} · ${d.leadOrgCode}`;
    case 'fund.created':
      return `${d.name ?? d.code} · ${yuan(d.amountFen)}`;
    case 'fund.allocated':
      return `${d.fromOrgCode} → ${d.toOrgCode} · ${yuan(d.amountFen)}`;
    case 'site.registered':
      return `${d.name} · ${d.orgCode}`;
    case 'visit.logged':
      return `${(d.beneficiaries ?? []).length} 人 people · ${d.orgCode}`;
    case 'alert.raised':
      return d.message;
    case 'alert.cleared':
      return `${RULE_LABELS[d.rule] ?? d.rule} · ${d.subjectId}`;
    default:
      if (d.amountFen !== undefined) return `${yuan(d.amountFen)} · ${d.orgCode ?? ''}`;
      return d.orgCode ?? d.leadOrgCode ?? envelope.aggregateId ?? '';
  }
}

function addToFeed(seq, type, envelope) {
  $('feed-empty').hidden = true;
  const feed = $('feed');
  const group = type.split('.')[0];
  feed.prepend(
    el(
      'li',
      { class: `event ${group}`, 'data-seq': seq, 'data-type': type },
      el(
        'div',
        { class: 'event-head' },
        el('span', { class: 'type' }, type),
        el('span', { class: 'muted small' }, `#${seq} · ${time(envelope.occurredAt)}`),
      ),
      el('div', { class: 'event-body' }, describe(envelope)),
    ),
  );
  while (feed.children.length > FEED_MAX) feed.lastElementChild.remove();
  if (
    !state.incidentId ||
    envelope.data?.incidentId === state.incidentId ||
    type === 'incident.reported' ||
    type.startsWith('alert.')
  ) {
    scheduleSummary();
  }
}

function handleFrame(frame) {
  let id = null;
  let type = 'message';
  const data = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return;
  if (type === 'dropped') {
    setStreamState(false, '已断开 dropped');
    return;
  }
  if (id !== null) state.lastEventId = id;
  addToFeed(id, type, JSON.parse(data.join('\n')));
}

async function startStream() {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${state.token}` };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  try {
    const res = await fetch('/api/ops/stream', { headers, signal: controller.signal });
    if (res.status === 401) return signOut('令牌无效或已过期 Token rejected or expired');
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    setStreamState(true, '实时 live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        handleFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
  }
  if (state.stream !== controller) return;
  // Resume where we were: the server replays from Last-Event-ID.
  setStreamState(false, '重连中 reconnecting');
  setTimeout(() => {
    if (state.stream === controller) void startStream();
  }, 3000);
}

// ---------- wiring ----------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    if (!claims(token)) {
      $('login-error').textContent = '这不是有效的 JWT · Not a JWT';
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    state.token = token;
    $('token-input').value = '';
    void start();
  });
  $('sign-out').addEventListener('click', () => signOut(''));
  $('incident').addEventListener('change', (event) => {
    state.incidentId = event.target.value;
    void loadSummary();
  });
  $('refresh').addEventListener('click', () => void loadIncidents().then(loadLag));
  $('lag-refresh').addEventListener('click', () => void loadLag());
  if (state.token) void start();
  else showLogin();
});
