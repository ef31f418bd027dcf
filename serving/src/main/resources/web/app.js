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

// The study's models learnt from its 1000 training images; a full-data model from all 60000.
function trainedOn(e) {
  if (e.trainedOn === 'study') return `study (${e.trainImages} images)`;
  if (e.trainedOn === 'full-data') return `full data (${e.trainImages} images)`;
  return e.trainedOn == null ? '' : `${e.trainedOn} (${e.trainImages} images)`;
}

// Photo accuracy beside the same digits clean, so the drop real pictures cost is in one cell.
function photos(p) {
  if (!p) return '';
  if (p.status !== 'done') return p.status;
  return `${p.percent.toFixed(1)}% (clean ${p.cleanPercent.toFixed(1)}%)`;
}

// Each scan set's accuracy (tight crops, low-resolution scans, thick and thin strokes), refusals counted wrong.
function scans(p) {
  if (!p || p.status !== 'done' || !p.scans) return p ? p.status : '';
  return p.scans.map((s) => `${s.set} ${s.percent.toFixed(1)}%` + (s.refused ? ` (${s.refused} refused)` : '')).join(', ');
}

async function loadLeaderboard() {
  let board;
  try {
    const response = await fetch('/leaderboard');
    board = await response.json();
  } catch (error) {
    setTimeout(loadLeaderboard, 5000);
    return;
  }
  // Rows in rank order (the family is a column), so the rank column reads 1, 2, 3, ...
  const body = document.querySelector('#leaderboard tbody');
  body.innerHTML = '';
  board.ranking.forEach((e) => {
    const row = document.createElement('tr');
    row.className = 'entry';
    row.dataset.model = e.model;
    const cells = [e.rank, e.model, e.family === 'loss' ? 'no regularizer' : e.family, trainedOn(e),
      e.status === 'done' ? percent(e.servedTest) : e.status,
      e.status === 'done' ? percent(e.servedFull) : e.status,
      photos(e.servedPhotos),
      scans(e.servedPhotos),
      e.reportedTest == null ? '' : e.reportedTest.toFixed(2) + '%',
      e.printedTest == null ? '' : `${e.printedTest.toFixed(2)}% (${e.reference})`];
    cells.forEach((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      row.appendChild(td);
    });
    body.appendChild(row);
  });
  showComparisons(board.comparisons || []);
  drawChart(board.ranking);
  if (board.ranking.some((e) => e.status === 'pending' || (e.servedPhotos && e.servedPhotos.status === 'pending'))) {
    setTimeout(loadLeaderboard, 2000);
  }
}

// Bars: served accuracy on each model's own test split; ticks: the study's printed figure.
function drawChart(ranking) {
  const chart = document.getElementById('chart');
  const c = chart.getContext('2d');
  const w = chart.width;
  const h = chart.height;
  c.clearRect(0, 0, w, h);
  const measured = ranking.filter((e) => e.servedTest);
  if (!measured.length) {
    c.fillStyle = '#667';
    c.font = '14px sans-serif';
    c.fillText(ranking.length ? 'Measuring served accuracy…' : 'No models served.', 20, 30);
    return;
  }
  // From 0: a bar's height is its accuracy, so 80% never looks like half of 90%.
  const low = 0;
  const high = 100;
  // Room below for the model names, written slanted, and the caption under them.
  const left = 50, bottom = h - 105, top = 16;
  const slot = (w - left - 10) / measured.length;
  const y = (v) => bottom - (v - low) / (high - low) * (bottom - top);
  c.font = '11px sans-serif';
  c.strokeStyle = '#dde';
  c.fillStyle = '#667';
  chart.dataset.axisMin = low;
  chart.dataset.axisMax = high;
  chart.dataset.zeroY = y(0);
  chart.dataset.barCentres = JSON.stringify(measured.map((e, i) => left + i * slot + slot / 2));
  for (let v = low; v <= high; v += 10) {
    c.beginPath(); c.moveTo(left, y(v)); c.lineTo(w - 10, y(v)); c.stroke();
    c.fillText(v + '%', 8, y(v) + 4);
  }
  const colours = { loss: '#6c757d', l1: '#2f6fde', l2: '#2b8a3e', dropout: '#d9480f' };
  measured.forEach((e, i) => {
    const x = left + i * slot + slot * 0.15;
    const bw = slot * 0.7;
    c.fillStyle = colours[e.family] || '#7048e8';
    c.fillRect(x, y(e.servedTest.percent), bw, bottom - y(e.servedTest.percent));
    c.fillStyle = '#1d2330';
    c.fillText(e.servedTest.percent.toFixed(1), x, y(e.servedTest.percent) - 3);
    if (e.printedTest != null) {
      c.strokeStyle = '#111';
      c.lineWidth = 2;
      c.beginPath(); c.moveTo(x - 3, y(e.printedTest)); c.lineTo(x + bw + 3, y(e.printedTest)); c.stroke();
      c.lineWidth = 1;
    }
    c.save();
    c.translate(x + bw / 2, bottom + 6);
    c.rotate(Math.PI / 5);
    c.fillStyle = '#1d2330';
    c.fillText(e.model, 0, 0);
    c.restore();
  });
  c.fillStyle = '#1d2330';
  c.fillText('bar: served accuracy on the model\'s own test split · black tick: the reference study\'s printed figure', left, h - 4);
  let lx = w - 10;
  Object.entries(colours).reverse().forEach(([family, colour]) => {
    const label = family === 'loss' ? 'no regularizer' : family;
    lx -= c.measureText(label).width + 26;
    c.fillStyle = colour;
    c.fillRect(lx, top - 10, 10, 10);
    c.fillStyle = '#1d2330';
    c.fillText(label, lx + 14, top);
  });
}

// Each setting against plain cross-entropy, paired by seed, as the server worded it.
function showComparisons(comparisons) {
  const list = document.getElementById('comparisons');
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

// Distinct line colours for up to 12 models; more reuse them with another dash.
const PALETTE = ['#2f6fde', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#0b7285', '#e67700', '#495057',
  '#5c940d', '#862e9c', '#1864ab', '#a61e4d'];
const hidden = new Set();
let curvesShown = [];

// Every served model's train and test accuracy per epoch, overlaid: the regularizers side by side.
function showCurves(models) {
  curvesShown = models.filter((m) => m.metadata && m.metadata.curves);
  const without = models.filter((m) => !(m.metadata && m.metadata.curves)).map((m) => m.id);
  const legend = document.getElementById('curves-legend');
  legend.innerHTML = '';
  curvesShown.forEach((m, i) => {
    const item = document.createElement('li');
    item.dataset.model = m.id;
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !hidden.has(m.id);
    box.addEventListener('change', () => {
      if (box.checked) hidden.delete(m.id); else hidden.add(m.id);
      drawCurves();
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = PALETTE[i % PALETTE.length];
    label.append(box, swatch, document.createTextNode(m.id));
    item.appendChild(label);
    legend.appendChild(item);
  });
  const note = document.getElementById('no-curves');
  note.textContent = without.length
    ? `No curves recorded for ${without.join(', ')} (exported before files carried them).` : '';
  note.hidden = without.length === 0;
  drawCurves();
}

function drawCurves() {
  const canvas = document.getElementById('curves');
  const c = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const left = 50, right = w - 10, top = 12, bottom = h - 36;
  c.clearRect(0, 0, w, h);
  c.font = '11px sans-serif';
  if (!curvesShown.length) {
    c.fillStyle = '#667';
    c.font = '14px sans-serif';
    c.fillText('No served model has curves recorded.', 20, 30);
    return;
  }
  const lastEpoch = Math.max(1, ...curvesShown.map((m) => m.metadata.curves.epochs.at(-1)));
  const x = (epoch) => left + epoch / lastEpoch * (right - left);
  const y = (v) => bottom - v / 100 * (bottom - top);
  canvas.dataset.lastEpoch = lastEpoch;
  c.strokeStyle = '#dde';
  c.fillStyle = '#667';
  for (let v = 0; v <= 100; v += 10) {
    c.beginPath(); c.moveTo(left, y(v)); c.lineTo(right, y(v)); c.stroke();
    c.fillText(v + '%', 8, y(v) + 4);
  }
  const step = Math.pow(10, Math.floor(Math.log10(lastEpoch)));
  for (let e = 0; e <= lastEpoch; e += step) {
    c.fillText(String(e), x(e) - 4, bottom + 14);
  }
  c.fillText('epoch', right - 30, h - 4);
  const drawn = [];
  curvesShown.forEach((m, i) => {
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
