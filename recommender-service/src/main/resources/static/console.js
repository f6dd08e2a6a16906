// The recsys web console: plain JavaScript, no build step. It reads the recommender's API
// (same origin), rates through the ingest API (URL from /console/config) and listens to the
// user's Server-Sent Events to show each new list and the time from rating to update.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { userId: null, source: null, ingestUrl: null, pendingRating: null, series: {} };

// The API key travels in the URL fragment (the demo prints http://host:8080/#api_key=...),
// which the browser never sends to a server; it is kept for this tab only.
const apiKey = (() => {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('api_key');
  if (fromFragment) {
    sessionStorage.setItem('recsys.api_key', fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('recsys.api_key');
})();

async function json(url, options) {
  const withKey = Object.assign({}, options);
  if (apiKey) {
    withKey.headers = Object.assign({}, withKey.headers, { 'X-API-Key': apiKey });
  }
  const response = await fetch(url, withKey);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || body.title || response.statusText);
  }
  return body;
}

function post(url, body) {
  return json(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function currentFilters() {
  const genres = $('f-genres').value.split(',').map((g) => g.trim()).filter(Boolean);
  const f = {};
  if (genres.length) f.genres = genres;
  if ($('f-year-min').value) f.year_min = Number($('f-year-min').value);
  if ($('f-year-max').value) f.year_max = Number($('f-year-max').value);
  if ($('f-rating-min').value) f.rating_min = Number($('f-rating-min').value);
  return Object.keys(f).length ? f : null;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : text;
  row.appendChild(td);
  return td;
}

function renderRecommendations(items, meta, fresh) {
  const body = $('recs').querySelector('tbody');
  body.replaceChildren();
  items.forEach((item, i) => {
    const row = document.createElement('tr');
    if (fresh) row.className = 'fresh';
    cell(row, i + 1);
    cell(row, item.title || ('movie ' + item.movie_id));
    cell(row, (item.genres || []).join(', '));
    cell(row, item.year);
    cell(row, item.score == null ? '' : Number(item.score).toFixed(3));
    const rateCell = cell(row, ''); // not "rate": that would shadow the function rate() below
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'rate-btn';
    button.textContent = '★ ' + $('rate-value').value;
    button.dataset.movieId = item.movie_id;
    button.addEventListener('click', () => rate(item.movie_id, Number($('rate-value').value)));
    rateCell.appendChild(button);
    body.appendChild(row);
  });
  $('rec-meta').textContent = meta;
}

function renderHistory(history) {
  const body = $('history').querySelector('tbody');
  body.replaceChildren();
  const events = (history.events || []).slice().reverse();
  events.forEach((e) => {
    const row = document.createElement('tr');
    cell(row, e.time ? new Date(e.time).toISOString().slice(0, 10) : '');
    cell(row, e.title || ('movie ' + e.movie_id));
    cell(row, (e.genres || []).join(', '));
    cell(row, e.year);
    cell(row, e.rating == null ? '–' : e.rating);
    body.appendChild(row);
  });
  $('history-meta').textContent = events.length + ' interactions, newest first';
}

async function refresh() {
  const userId = state.userId;
  const filters = currentFilters();
  const answer = filters
    ? await post('/recommend_filter', { user_id: userId, k: 10, filters })
    : await post('/recommend_fast', { user_id: userId, k: 10 });
  renderRecommendations(answer.recommendations, answer.method + ' · ' + answer.latency_ms.toFixed(2) + ' ms', false);
  try {
    renderHistory(await json('/users/' + userId + '/history'));
  } catch (e) {
    $('history-meta').textContent = e.message;
  }
}

function listen(userId) {
  if (state.source) state.source.close();
  // EventSource cannot send headers: the key goes as a parameter (used when reads are protected)
  const source = new EventSource('/recommendations/stream?user_id=' + userId
      + (apiKey ? '&api_key=' + encodeURIComponent(apiKey) : ''));
  source.addEventListener('recommendations', (event) => {
    const update = JSON.parse(event.data);
    if (state.pendingRating) {
      const ms = performance.now() - state.pendingRating.startedAt;
      $('update-time').textContent = 'rating of movie ' + state.pendingRating.movieId + ' → new list in ' + ms.toFixed(0) + ' ms';
      state.pendingRating = null;
    }
    if (currentFilters()) {
      refresh(); // the pushed list is unfiltered; ask again with the filters
    } else {
      renderRecommendations(update.recommendations || [], 'pushed · model ' + update.model_version, true);
      json('/users/' + userId + '/history').then(renderHistory).catch(() => {});
    }
  });
  source.onerror = () => { $('user-status').textContent = 'live updates reconnecting…'; };
  source.onopen = () => { $('user-status').textContent = 'live updates on'; };
  state.source = source;
}

async function showUser(userId) {
  state.userId = userId;
  $('user-id').value = userId;
  $('update-time').textContent = '';
  listen(userId);
  try {
    await refresh();
  } catch (e) {
    $('user-status').textContent = e.message;
  }
}

async function rate(movieId, rating) {
  if (!state.userId || !movieId) return;
  state.pendingRating = { movieId, startedAt: performance.now() };
  $('update-time').textContent = 'rating movie ' + movieId + ' …';
  try {
    await post(state.ingestUrl + '/ratings', { user_id: state.userId, movie_id: Number(movieId), rating });
  } catch (e) {
    state.pendingRating = null;
    $('update-time').textContent = 'rating failed: ' + e.message;
  }
}

function sparkline(name, value) {
  const series = state.series[name] || (state.series[name] = []);
  series.push(value);
  if (series.length > 60) series.shift();
  const canvas = $('c-' + name);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const max = Math.max(...series, 1e-9);
  ctx.strokeStyle = '#2f6fde';
  ctx.beginPath();
  series.forEach((v, i) => {
    const x = (i / 59) * canvas.width;
    const y = canvas.height - (v / max) * (canvas.height - 4) - 2;
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

let previous = null;
async function pollStats() {
  try {
    const s = await json('/stats');
    const now = performance.now();
    if (previous) {
      const rate = (s.events_processed - previous.events) / ((now - previous.at) / 1000);
      $('m-throughput').textContent = rate.toFixed(0);
      sparkline('throughput', Math.max(0, rate));
    }
    previous = { events: s.events_processed, at: now };
    const q = (s.queries && (s.queries.recommend_fast || s.queries.recommend_filter)) || null;
    if (q) {
      $('m-latency').textContent = q.p50.toFixed(2) + ' / ' + q.p99.toFixed(2);
      sparkline('latency', q.p99);
    }
    const f = s.freshness_ms || {};
    $('m-freshness').textContent = (f.p50 || 0).toFixed(0) + ' / ' + (f.p99 || 0).toFixed(0);
    sparkline('freshness', f.p99 || 0);
    $('m-counts').textContent = s.users + ' · ' + s.items + ' · ' + s.events_processed;
    const model = s.model || {};
    $('versions').textContent = 'model ' + (model.version || '–') + ' · ' + (model.method || '–');
  } catch (e) {
    $('versions').textContent = 'stats unavailable: ' + e.message;
  }
}

async function start() {
  try {
    state.ingestUrl = (await json('/console/config')).ingest_url;
  } catch (e) {
    state.ingestUrl = location.protocol + '//' + location.hostname + ':8081';
  }
  $('user-form').addEventListener('submit', (e) => { e.preventDefault(); showUser(Number($('user-id').value)); });
  $('random-user').addEventListener('click', () => showUser(1 + Math.floor(Math.random() * 610)));
  $('filter-form').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  $('f-clear').addEventListener('click', () => { $('filter-form').reset(); refresh(); });
  $('rate-form').addEventListener('submit', (e) => { e.preventDefault(); rate(Number($('rate-movie').value), Number($('rate-value').value)); });
  const fromUrl = new URLSearchParams(location.search).get('user');
  showUser(Number(fromUrl || $('user-id').value));
  pollStats();
  setInterval(pollStats, 2000);
}

start();
