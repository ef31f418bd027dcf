// The draw-a-digit page: plain canvas and fetch, served from the jar, no libraries.
'use strict';

const pad = document.getElementById('pad');
const pen = pad.getContext('2d');
const statusLine = document.getElementById('status');
const answersBox = document.getElementById('answers');
let drawing = false;
let inked = false;
let latest = 0; // id of the newest request: answers to older ones are dropped
let pending = 0; // requests in flight
let lastAsked = 0;
// While drawing, ask at most this often: answers follow the pen without flooding the server.
const LIVE_INTERVAL_MS = 300;

function clearPad() {
  latest++; // an answer still on its way belongs to the old drawing
  // Opaque white paper: a transparent canvas would hand the server ink with no paper behind it.
  pen.fillStyle = '#fff';
  pen.fillRect(0, 0, pad.width, pad.height);
  inked = false;
  answersBox.innerHTML = '<p class="hint">No digit yet.</p>';
  drawSeen(null);
  statusLine.textContent = 'Draw a digit 0–9 with the mouse or a finger.';
}

function point(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * pad.width / box.width, (event.clientY - box.top) * pad.height / box.height];
}

pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  const [x, y] = point(event);
  pen.strokeStyle = '#111';
  // About MNIST's stroke width relative to its 20-pixel box.
  pen.lineWidth = 18;
  pen.lineCap = 'round';
  pen.lineJoin = 'round';
  pen.beginPath();
  pen.moveTo(x, y);
  pen.lineTo(x + 0.1, y + 0.1);
  pen.stroke();
  inked = true;
});
pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  const [x, y] = point(event);
  pen.lineTo(x, y);
  pen.stroke();
  if (pending === 0 && performance.now() - lastAsked > LIVE_INTERVAL_MS) ask();
});
const endStroke = () => {
  if (!drawing) return;
  drawing = false;
  ask();
};
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
document.getElementById('clear').addEventListener('click', clearPad);

async function ask() {
  if (!inked) return;
  const id = ++latest;
  pad.dataset.latest = id; // lets a test (or a curious reader) see which drawing the answers are for
  pending++;
  lastAsked = performance.now();
  let body;
  let ok = false;
  statusLine.textContent = 'Asking every model…';
  try {
    const blob = await new Promise((resolve) => pad.toBlob(resolve, 'image/png'));
    const response = await fetch('/predict?model=all&include=input',
      { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: blob });
    body = await response.json();
    ok = response.ok;
  } catch (error) {
    body = { error: error.message };
  } finally {
    pending--;
  }
  if (id !== latest) return; // a newer drawing was sent, or the pad cleared, meanwhile
  answersBox.dataset.answers = id;
  if (ok) {
    showAnswers(body);
    statusLine.textContent = `Answered in ${body.milliseconds.toFixed(1)} ms.`;
  } else {
    answersBox.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.id = 'answer-error';
    p.textContent = body.error || 'The server did not answer.';
    answersBox.appendChild(p);
    statusLine.textContent = 'No answer.';
  }
}

function showAnswers(body) {
  answersBox.innerHTML = '';
  body.models.forEach((answer, index) => {
    const card = document.createElement('div');
    card.className = 'answer' + (index === 0 ? ' best' : '');
    card.dataset.model = answer.model;
    const title = document.createElement('div');
    title.className = 'model';
    title.textContent = answer.model + (index === 0 ? ' (best served accuracy)' : '');
    if (answer.error) {
      // A model that failed to run reports its error in its own entry; the others still answered.
      const error = document.createElement('p');
      error.className = 'error';
      error.textContent = answer.error;
      card.append(title, error);
      answersBox.appendChild(card);
      return;
    }
    const digit = document.createElement('div');
    digit.className = 'digit';
    digit.textContent = answer.digit;
    const bars = document.createElement('div');
    bars.className = 'bars';
    answer.probabilities.forEach((p, d) => {
      const label = document.createElement('span');
      label.textContent = d;
      const track = document.createElement('span');
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.width = (100 * p).toFixed(1) + '%';
      track.appendChild(bar);
      const value = document.createElement('span');
      value.textContent = (100 * p).toFixed(1) + '%';
      bars.append(label, track, value);
    });
    card.append(title, digit, bars);
    answersBox.appendChild(card);
  });
  drawSeen(body.input || null);
}

// The 28x28 the models received after preprocessing, which the server echoes on request.
function drawSeen(pixels) {
  const seen = document.getElementById('seen').getContext('2d');
  seen.fillStyle = '#000';
  seen.fillRect(0, 0, 112, 112);
  if (!pixels) return;
  for (let i = 0; i < 784; i++) {
    const v = Math.round(255 * pixels[i]);
    seen.fillStyle = `rgb(${v},${v},${v})`;
    seen.fillRect((i % 28) * 4, Math.floor(i / 28) * 4, 4, 4);
  }
}

function percent(figure) {
  return figure ? figure.percent.toFixed(2) + '%' : '';
}

// "79.22 ± 0.25": a mean over seeds with their spread (the sample standard deviation); the mean alone for one seed.
function meanSpread(mean, spread, digits, unit = '') {
  if (mean == null) return '';
  return mean.toFixed(digits) + (spread == null ? '' : ' ± ' + spread.toFixed(digits)) + unit;
}

// The study's models learnt from its 1000 training images; a full-data model from all 60000.
function trainedOn(e) {
  if (e.trainedOn === 'study') return `study (${e.trainImages} images)`;
  if (e.trainedOn === 'full-data') return `full data (${e.trainImages} images)`;
  if (e.trainedOn == null) return e.origin === 'trained elsewhere' ? 'elsewhere (no training figures in its file)' : '';
  return `${e.trainedOn} (${e.trainImages} images)`;
}

// Photo accuracy beside the same digits clean, so the drop real pictures cost is in one cell.
function photos(p) {
  if (!p) return '';
  if (p.status !== 'done') return p.status;
  return `${p.percent.toFixed(1)}% (clean ${p.cleanPercent.toFixed(1)}%)`;
}

function familyName(family) {
  return family === 'loss' ? 'no regularizer' : family;
}

const FAMILY_COLOURS = { loss: '#6c757d', l1: '#2f6fde', l2: '#2b8a3e', dropout: '#d9480f', expanded: '#ae3ec9',
  'early-stop': '#0c8599' };

let board = null;
// How the settings are ordered: each key says which figure and whether higher is better.
const SORTS = {
  accuracy: { label: 'served accuracy', value: (s) => s.meanServedFull, higherIsBetter: true },
  photos: { label: 'photo accuracy', value: (s) => meanOf(s.entries.map((e) => e.servedPhotos && e.servedPhotos.percent)), higherIsBetter: true },
  ece: { label: 'calibration error', value: (s) => s.meanEcePercent, higherIsBetter: false },
  nll: { label: 'negative log-likelihood', value: (s) => s.meanNll, higherIsBetter: false },
};
let sortKey = 'accuracy';
const unfolded = new Set(); // settings whose seeds are shown
let picked = null; // models whose reliability diagram is drawn; null until the first leaderboard

function meanOf(values) {
  const known = values.filter((v) => v != null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

// The leaderboard's settings, each with its models' entries, in the chosen order (unmeasured last).
function sortedSettings() {
  const byModel = new Map(board.ranking.map((e) => [e.model, e]));
  const rows = board.settings.map((s) => ({ ...s, entries: s.models.map((m) => byModel.get(m)).filter(Boolean) }));
  // A model without metadata has no setting: it stands alone, as its own row.
  board.ranking.filter((e) => e.setting == null).forEach((e) => rows.push({ setting: e.model, family: e.family,
    seeds: 1, models: [e.model], entries: [e], meanServedTest: e.servedTest && e.servedTest.percent,
    meanServedFull: e.servedFull && e.servedFull.percent, meanEcePercent: e.calibration && e.calibration.ecePercent,
    meanNll: e.calibration && e.calibration.nll }));
  const sort = SORTS[sortKey];
  const value = (s) => sort.value(s);
  return rows.sort((a, b) => {
    const va = value(a), vb = value(b);
    if (va == null || vb == null) return (va == null) - (vb == null);
    return sort.higherIsBetter ? vb - va : va - vb;
  });
}

// Each scan set's accuracy (tight crops, low-resolution scans, thick and thin strokes), refusals counted wrong.
function scans(p) {
  if (!p || p.status !== 'done' || !p.scans) return p ? p.status : '';
  return p.scans.map((s) => `${s.set} ${s.percent.toFixed(1)}%` + (s.refused ? ` (${s.refused} refused)` : '')).join(', ');
}

async function loadLeaderboard() {
  try {
    const response = await fetch('/leaderboard');
    board = await response.json();
  } catch (error) {
    setTimeout(loadLeaderboard, 5000);
    return;
  }
  if (picked === null) picked = new Set(board.ranking.slice(0, 1).map((e) => e.model));
  showLeaderboard();
  showComparisons('comparisons', board.comparisons || []);
  drawIntervals(document.getElementById('intervals'), board.comparisons || [], 'points');
  showComparisons('calibration-comparisons', board.calibrationComparisons || []);
  drawIntervals(document.getElementById('calibration-intervals'),
    (board.calibrationComparisons || []).filter((c) => c.metric.startsWith('expected calibration error')), 'points');
  showReliabilityChoices();
  if (board.ranking.some((e) => e.status === 'pending' || (e.servedPhotos && e.servedPhotos.status === 'pending'))) {
    setTimeout(loadLeaderboard, 2000);
  }
}

// One row per setting (mean ± spread over its seeds), its models folded beneath it; sorted by the chosen figure.
function showLeaderboard() {
  const settings = sortedSettings();
  document.querySelectorAll('#leaderboard th[data-sort]').forEach((th) => {
    th.setAttribute('aria-sort', th.dataset.sort === sortKey ? (SORTS[sortKey].higherIsBetter ? 'descending' : 'ascending') : 'none');
  });
  const body = document.querySelector('#leaderboard tbody');
  body.innerHTML = '';
  settings.forEach((s) => {
    const open = unfolded.has(s.setting);
    const row = document.createElement('tr');
    row.className = 'setting';
    row.dataset.setting = s.setting;
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'fold';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = `${open ? '▾' : '▸'} ${s.entries.length} seed${s.entries.length === 1 ? '' : 's'}`;
    toggle.addEventListener('click', () => {
      if (unfolded.has(s.setting)) unfolded.delete(s.setting); else unfolded.add(s.setting);
      showLeaderboard();
    });
    const first = s.entries[0] || {};
    const photoMean = SORTS.photos.value(s);
    appendCells(row, [toggle, s.setting, familyName(s.family), trainedOn(first),
      s.meanServedTest == null ? first.status || '' : s.meanServedTest.toFixed(2) + '%',
      meanSpread(s.meanServedFull, s.spreadServedFull, 2, '%'),
      photoMean == null ? '' : photoMean.toFixed(1) + '%',
      s.entries.length === 1 ? scans(first.servedPhotos) : '',
      meanSpread(s.meanEcePercent, s.spreadEcePercent, 2),
      meanSpread(s.meanNll, s.spreadNll, 3), '',
      first.printedTest == null ? '' : `${first.printedTest.toFixed(2)}% (${first.reference})`]);
    row.style.borderLeft = `4px solid ${FAMILY_COLOURS[s.family] || '#7048e8'}`;
    body.appendChild(row);
    s.entries.slice().sort((a, b) => a.rank - b.rank).forEach((e) => {
      const entry = document.createElement('tr');
      entry.className = 'entry';
      entry.dataset.model = e.model;
      entry.dataset.setting = s.setting;
      entry.hidden = !open;
      const calibration = e.calibration;
      appendCells(entry, [e.rank, e.warning ? `${e.model} (${e.warning})` : e.model, familyName(e.family), trainedOn(e),
        e.status === 'done' ? percent(e.servedTest) : e.status,
        e.status === 'done' ? percent(e.servedFull) : e.status,
        photos(e.servedPhotos),
        scans(e.servedPhotos),
        calibration ? calibration.ecePercent.toFixed(2) : '',
        calibration ? calibration.nll.toFixed(3) : '',
        e.reportedTest == null ? '' : e.reportedTest.toFixed(2) + '%',
        e.printedTest == null ? '' : `${e.printedTest.toFixed(2)}% (${e.reference})`]);
      body.appendChild(entry);
    });
  });
  drawChart(settings);
}

function appendCells(row, cells) {
  cells.forEach((content) => {
    const td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
  });
}

document.querySelectorAll('#leaderboard th[data-sort] button').forEach((button) => {
  button.addEventListener('click', () => {
    sortKey = button.closest('th').dataset.sort;
    if (board) showLeaderboard();
  });
});

// Bars: each setting's mean served accuracy on its own test split, dots its seeds; ticks: the study's printed figure.
function drawChart(settings) {
  const chart = document.getElementById('chart');
  const c = chart.getContext('2d');
  const w = chart.width;
  const h = chart.height;
  c.clearRect(0, 0, w, h);
  const measured = settings.filter((s) => s.meanServedTest != null);
  if (!measured.length) {
    c.fillStyle = '#667';
    c.font = '14px sans-serif';
    c.fillText(settings.length ? 'Measuring served accuracy…' : 'No models served.', 20, 30);
    return;
  }
  // From 0: a bar's height is its accuracy, so 80% never looks like half of 90%.
  const low = 0;
  const high = 100;
  // Room below for the setting names, written slanted, and the caption under them.
  const left = 50, bottom = h - 105, top = 16;
  const slot = (w - left - 10) / measured.length;
  const y = (v) => bottom - (v - low) / (high - low) * (bottom - top);
  c.font = '11px sans-serif';
  c.strokeStyle = '#dde';
  c.fillStyle = '#667';
  chart.dataset.axisMin = low;
  chart.dataset.axisMax = high;
  chart.dataset.zeroY = y(0);
  chart.dataset.bars = JSON.stringify(measured.map((s) => s.setting));
  chart.dataset.barCentres = JSON.stringify(measured.map((s, i) => left + i * slot + slot / 2));
  for (let v = low; v <= high; v += 10) {
    c.beginPath(); c.moveTo(left, y(v)); c.lineTo(w - 10, y(v)); c.stroke();
    c.fillText(v + '%', 8, y(v) + 4);
  }
  measured.forEach((s, i) => {
    const x = left + i * slot + slot * 0.15;
    const bw = slot * 0.7;
    c.fillStyle = FAMILY_COLOURS[s.family] || '#7048e8';
    c.fillRect(x, y(s.meanServedTest), bw, bottom - y(s.meanServedTest));
    c.fillStyle = '#1d2330';
    s.entries.filter((e) => e.servedTest).forEach((e) => {
      c.beginPath(); c.arc(x + bw / 2, y(e.servedTest.percent), 2, 0, 2 * Math.PI); c.fill();
    });
    c.fillText(s.meanServedTest.toFixed(1), x, y(s.meanServedTest) - 5);
    const printed = s.entries.length ? s.entries[0].printedTest : null;
    if (printed != null) {
      c.strokeStyle = '#111';
      c.lineWidth = 2;
      c.beginPath(); c.moveTo(x - 3, y(printed)); c.lineTo(x + bw + 3, y(printed)); c.stroke();
      c.lineWidth = 1;
    }
    c.save();
    c.translate(x + bw / 2, bottom + 6);
    c.rotate(Math.PI / 5);
    c.fillStyle = '#1d2330';
    c.fillText(s.setting, 0, 0);
    c.restore();
  });
  c.fillStyle = '#1d2330';
  c.fillText('bar: mean served accuracy on the setting\'s own test split, dots: its seeds · black tick: the reference study\'s printed figure', left, h - 4);
  let lx = w - 10;
  Object.entries(FAMILY_COLOURS).reverse().forEach(([family, colour]) => {
    const label = familyName(family);
    lx -= c.measureText(label).width + 26;
    c.fillStyle = colour;
    c.fillRect(lx, top - 10, 10, 10);
    c.fillStyle = '#1d2330';
    c.fillText(label, lx + 14, top);
  });
}

// Each setting against plain cross-entropy, paired by seed, as the server worded it.
function showComparisons(listId, comparisons) {
  const list = document.getElementById(listId);
  list.innerHTML = '';
  if (!comparisons.length) {
    const item = document.createElement('li');
    item.className = 'hint';
    item.textContent = 'No setting has a baseline to compare with.';
    list.appendChild(item);
    return;
  }
  comparisons.forEach((c) => {
    const item = document.createElement('li');
    item.dataset.setting = c.setting;
    item.dataset.verdict = c.verdict;
    item.className = c.verdict === 'clear' ? 'clear' : '';
    item.textContent = `${c.text} (n = ${c.n})`;
    list.appendChild(item);
  });
}

// The differences as an interval chart: one row per setting, its mean difference (dot) and 95% interval (line),
// the zero line (no difference from plain CE) marked. A hollow dot is a difference the interval cannot tell from 0.
function drawIntervals(canvas, comparisons, unit) {
  // Left: the setting's name; right: its figures in words, since a small difference is a dot on the zero line.
  const rowHeight = 22, top = 24, bottom = 30, labelWidth = 150, right = 150;
  canvas.height = top + bottom + rowHeight * Math.max(1, comparisons.length);
  const c = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  c.clearRect(0, 0, w, h);
  c.font = '11px sans-serif';
  if (!comparisons.length) {
    c.fillStyle = '#667';
    c.fillText('No setting has a baseline to compare with.', 10, top + 10);
    canvas.dataset.rows = '[]';
    return;
  }
  const ends = comparisons.flatMap((k) => [k.difference, k.low, k.high]).filter((v) => v != null);
  const extent = Math.max(0.5, ...ends.map(Math.abs)) * 1.1;
  const mid = labelWidth + (w - labelWidth - right) / 2;
  const half = (w - labelWidth - right) / 2;
  const x = (v) => mid + v / extent * half;
  const step = Math.pow(10, Math.floor(Math.log10(extent)));
  c.strokeStyle = '#eef';
  c.fillStyle = '#667';
  for (let v = -Math.floor(extent / step) * step; v <= extent; v += step) {
    c.beginPath(); c.moveTo(x(v), top - 6); c.lineTo(x(v), h - bottom); c.stroke();
    c.fillText((v > 0 ? '+' : '') + Number(v.toPrecision(3)), x(v) - 8, h - bottom + 14);
  }
  c.fillText(`difference from plain CE, ${unit} (95% interval)`, mid - 90, h - 4);
  // The zero line: no difference from plain cross-entropy.
  c.strokeStyle = '#1d2330';
  c.lineWidth = 2;
  c.beginPath(); c.moveTo(x(0), top - 10); c.lineTo(x(0), h - bottom); c.stroke();
  c.lineWidth = 1;
  c.fillStyle = '#1d2330';
  c.fillText('0 = plain CE', x(0) + 4, top - 12);
  const rows = [];
  comparisons.forEach((k, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    c.fillStyle = '#1d2330';
    c.fillText(k.setting, 6, cy + 4);
    const colour = k.verdict === 'clear' ? '#d9480f' : '#2f6fde';
    c.strokeStyle = colour;
    c.fillStyle = colour;
    if (k.low != null) {
      c.lineWidth = 2;
      c.beginPath(); c.moveTo(x(k.low), cy); c.lineTo(x(k.high), cy); c.stroke();
      [k.low, k.high].forEach((v) => { c.beginPath(); c.moveTo(x(v), cy - 5); c.lineTo(x(v), cy + 5); c.stroke(); });
      c.lineWidth = 1;
    }
    if (k.difference != null) {
      c.beginPath(); c.arc(x(k.difference), cy, 4, 0, 2 * Math.PI);
      if (k.verdict === 'clear') c.fill(); else { c.fillStyle = '#fff'; c.fill(); c.stroke(); }
    }
    c.fillStyle = '#1d2330';
    const signed = (v) => (v > 0 ? '+' : '') + v.toFixed(2);
    c.fillText(k.difference == null ? '' : k.low == null ? `${signed(k.difference)} (n = ${k.n}, no interval)`
      : `${signed(k.difference)} [${signed(k.low)}, ${signed(k.high)}]`, w - right + 8, cy + 4);
    rows.push({ setting: k.setting, y: cy, x: k.difference == null ? null : x(k.difference),
      low: k.low == null ? null : x(k.low), high: k.high == null ? null : x(k.high) });
  });
  canvas.dataset.zeroX = x(0);
  canvas.dataset.rows = JSON.stringify(rows);
}

// The models a reliability diagram can be drawn for, grouped by setting; the picked ones are drawn. The list is
// rebuilt only when what it shows changed, so a reader scrolling it is not thrown back while measurements go on.
let choicesShown = '';
function showReliabilityChoices() {
  const select = document.getElementById('reliability-models');
  const settings = sortedSettings();
  const shown = JSON.stringify(settings.map((s) => s.entries.map((e) => [e.model, e.calibration && e.calibration.ecePercent])));
  if (shown === choicesShown) {
    drawReliability();
    return;
  }
  choicesShown = shown;
  select.innerHTML = '';
  settings.forEach((s) => {
    const group = document.createElement('optgroup');
    group.label = s.setting;
    s.entries.forEach((e) => {
      const option = document.createElement('option');
      option.value = e.model;
      option.textContent = e.model + (e.calibration ? ` (ECE ${e.calibration.ecePercent.toFixed(2)})` : '');
      option.selected = picked.has(e.model);
      group.appendChild(option);
    });
    select.appendChild(group);
  });
  drawReliability();
}

document.getElementById('reliability-models').addEventListener('change', (event) => {
  picked = new Set(Array.from(event.target.selectedOptions, (o) => o.value));
  drawReliability();
});

// One reliability diagram per picked model: in each of the 15 confidence bins, the accuracy of the answers given
// with that confidence (bar) against the confidence itself (the diagonal); bars below it are overconfident.
function drawReliability() {
  const box = document.getElementById('reliability');
  box.innerHTML = '';
  const byModel = new Map(board.ranking.map((e) => [e.model, e]));
  [...picked].filter((m) => byModel.has(m)).forEach((model) => {
    const e = byModel.get(model);
    const figure = document.createElement('figure');
    figure.className = 'reliability';
    figure.dataset.model = model;
    const canvas = document.createElement('canvas');
    canvas.width = 260;
    canvas.height = 240;
    const caption = document.createElement('figcaption');
    figure.append(canvas, caption);
    box.appendChild(figure);
    if (!e.calibration) {
      caption.textContent = `${model}: ${e.status === 'done' ? 'no calibration' : e.status}`;
      return;
    }
    caption.textContent = `${model}: ECE ${e.calibration.ecePercent.toFixed(2)} points, NLL ${e.calibration.nll.toFixed(3)} nats`;
    const c = canvas.getContext('2d');
    const left = 34, bottom = canvas.height - 28, top = 8, right = canvas.width - 8;
    const x = (v) => left + v * (right - left);
    const y = (p) => bottom - p / 100 * (bottom - top);
    c.font = '10px sans-serif';
    c.strokeStyle = '#dde';
    c.fillStyle = '#667';
    for (let v = 0; v <= 100; v += 20) {
      c.beginPath(); c.moveTo(left, y(v)); c.lineTo(right, y(v)); c.stroke();
      c.fillText(String(v), 6, y(v) + 3);
      c.fillText(String(v), x(v / 100) - 6, bottom + 12);
    }
    c.fillText('confidence %', right - 62, canvas.height - 4);
    c.fillText('accuracy %', left + 4, top + 8);
    const drawn = [];
    e.calibration.bins.forEach((bin, m) => {
      if (!bin.count) return;
      c.fillStyle = '#2f6fde';
      c.fillRect(x(bin.lower) + 1, y(bin.accuracy), x(bin.upper) - x(bin.lower) - 2, bottom - y(bin.accuracy));
      drawn.push({ bin: m, accuracy: bin.accuracy, x: (x(bin.lower) + x(bin.upper)) / 2, top: y(bin.accuracy) });
    });
    c.strokeStyle = '#d9480f';
    c.setLineDash([4, 3]);
    c.beginPath(); c.moveTo(x(0), y(0)); c.lineTo(x(1), y(100)); c.stroke();
    c.setLineDash([]);
    canvas.dataset.bins = JSON.stringify(drawn);
    canvas.dataset.zeroY = y(0);
  });
}

// Distinct line colours for the seeds of one setting; more reuse them.
const PALETTE = ['#2f6fde', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#0b7285', '#e67700', '#495057'];
const hidden = new Set();

// The setting a model belongs to: its id without the trainer's -s<seed> ending.
function settingOf(m) {
  const suffix = '-s' + m.metadata.seed;
  return m.id.endsWith(suffix) ? m.id.slice(0, -suffix.length) : m.id;
}

// Training curves, one small chart per setting with its seeds overlaid, each on its own epoch axis: a 40-epoch
// model is not squeezed against a 1000-epoch one.
function showCurves(models) {
  const withCurves = models.filter((m) => m.metadata && m.metadata.curves);
  const without = models.filter((m) => !(m.metadata && m.metadata.curves)).map((m) => m.id);
  const bySetting = new Map();
  withCurves.forEach((m) => {
    const s = settingOf(m);
    if (!bySetting.has(s)) bySetting.set(s, []);
    bySetting.get(s).push(m);
  });
  const grid = document.getElementById('curves-grid');
  grid.innerHTML = '';
  bySetting.forEach((members, setting) => {
    members.sort((a, b) => a.metadata.seed - b.metadata.seed);
    const panel = document.createElement('figure');
    panel.className = 'curves-panel';
    panel.dataset.setting = setting;
    const canvas = document.createElement('canvas');
    canvas.className = 'curves';
    canvas.width = 320;
    canvas.height = 180;
    const caption = document.createElement('figcaption');
    const title = document.createElement('div');
    title.textContent = `${setting} (${members.length} seed${members.length === 1 ? '' : 's'})`;
    const legend = document.createElement('ul');
    legend.className = 'curves-legend';
    members.forEach((m, i) => {
      const item = document.createElement('li');
      item.dataset.model = m.id;
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(m.id);
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(m.id); else hidden.add(m.id);
        drawCurves(canvas, members);
      });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = PALETTE[i % PALETTE.length];
      label.append(box, swatch, document.createTextNode('seed ' + m.metadata.seed));
      item.appendChild(label);
      legend.appendChild(item);
    });
    caption.append(title, legend);
    panel.append(canvas, caption);
    grid.appendChild(panel);
    drawCurves(canvas, members);
  });
  const note = document.getElementById('no-curves');
  note.textContent = without.length
    ? `No curves recorded for ${without.join(', ')} (exported before files carried them).` : '';
  note.hidden = without.length === 0;
  if (!withCurves.length) grid.textContent = 'No served model has curves recorded.';
}

function drawCurves(canvas, members) {
  const c = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const left = 34, right = w - 8, top = 8, bottom = h - 30;
  c.clearRect(0, 0, w, h);
  c.font = '10px sans-serif';
  const lastEpoch = Math.max(1, ...members.map((m) => m.metadata.curves.epochs.at(-1)));
  const x = (epoch) => left + epoch / lastEpoch * (right - left);
  const y = (v) => bottom - v / 100 * (bottom - top);
  canvas.dataset.lastEpoch = lastEpoch;
  c.strokeStyle = '#dde';
  c.fillStyle = '#667';
  for (let v = 0; v <= 100; v += 20) {
    c.beginPath(); c.moveTo(left, y(v)); c.lineTo(right, y(v)); c.stroke();
    c.fillText(v + '%', 4, y(v) + 3);
  }
  const step = Math.pow(10, Math.floor(Math.log10(lastEpoch)));
  const tick = lastEpoch / step > 5 ? step * 2 : step;
  for (let e = 0; e <= lastEpoch; e += tick) {
    c.fillText(String(e), x(e) - 4, bottom + 12);
  }
  c.fillText('epoch', right - 30, h - 4);
  const drawn = [];
  members.forEach((m, i) => {
    if (hidden.has(m.id)) return;
    const curves = m.metadata.curves;
    c.strokeStyle = PALETTE[i % PALETTE.length];
    c.lineWidth = 2;
    [['test', []], ['train', [5, 4]]].forEach(([key, dash]) => {
      c.setLineDash(dash);
      c.beginPath();
      curves.epochs.forEach((epoch, k) => {
        const px = x(epoch), py = y(curves[key][k]);
        if (k === 0) c.moveTo(px, py); else c.lineTo(px, py);
      });
      c.stroke();
    });
    c.setLineDash([]);
    drawn.push(m.id);
  });
  c.lineWidth = 1;
  canvas.dataset.drawn = drawn.join(' ');
}

// Model files the server could not load, so a missing model on the page is not a mystery; and the
// training curves every served file carries.
async function loadModels() {
  try {
    const models = await (await fetch('/models')).json();
    showCurves(models.models);
    const list = document.getElementById('failed-models');
    list.innerHTML = '';
    models.failed.forEach((f) => {
      const item = document.createElement('li');
      item.textContent = `${f.file} is not served: ${f.error}`;
      list.appendChild(item);
    });
    list.hidden = models.failed.length === 0;
  } catch (error) {
    // The leaderboard shows the server is unreachable; nothing to add here.
  }
}

clearPad();
loadLeaderboard();
loadModels();
