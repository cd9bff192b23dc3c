/**
 * Draws the layout of a CloudWatch dashboard as a self-contained SVG, offline:
 * one box per widget at its place on the 24-column grid, coloured by widget
 * type and labelled with its title and a short summary of what it shows.
 *
 * The input is the `DashboardBody` of an `AWS::CloudWatch::Dashboard`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 * In a synthesized template CDK writes that body as JSON text split around
 * tokens (`Fn::Join` of strings, `Ref`, `Fn::GetAtt`, ...), so
 * `dashboardBodyFromTemplate` first puts the text back together with a
 * placeholder for every token and parses it.
 *
 * Nothing here reads the clock, the locale or the environment, and the output
 * uses generic font families only, so the same body always gives the same
 * bytes: a committed drawing can be compared with what the code draws.
 */

/** Columns of the CloudWatch dashboard grid. */
const GRID_COLUMNS = 24;
/** Pixels per grid column. */
const COLUMN_PX = 40;
/** Pixels per grid row (one height unit). */
const ROW_PX = 30;
/** Space left between neighbouring widgets, split evenly over both sides of each box. */
const GAP_PX = 4;
/** Space around the whole drawing. */
const MARGIN_PX = 20;
/** Height of the title line above the grid. */
const HEADER_PX = 36;
/** Padding between a widget's border and its text. */
const TEXT_PAD_PX = 6;
/** Assumed average advance of one character at a 12 px font; text is truncated with this estimate. */
const CHAR_PX_AT_12 = 7;
/** Font sizes, in px. */
const TITLE_FONT = 16;
const LABEL_FONT = 12;
const DETAIL_FONT = 11;
/** A widget box shorter than this shows its title only. */
const MIN_HEIGHT_FOR_DETAIL_PX = 40;
/** Size of a legend swatch and the height of one legend line. */
const SWATCH_PX = 12;
const LEGEND_LINE_PX = 22;
/** Defaults the dashboard API applies when a widget leaves them out. */
const DEFAULT_WIDTH = 6;
const DEFAULT_HEIGHT = 6;
const MAX_HEIGHT = 1000;
const FONT_FAMILY = 'Arial, Helvetica, sans-serif';
const ELLIPSIS = '\u2026';

/** Fill and border colours per widget type; the order here is also the order of the legend. */
const TYPE_COLOURS: ReadonlyArray<readonly [string, string, string]> = [
  ['text', '#f5f5f5', '#9e9e9e'],
  ['metric', '#e3f2fd', '#1e88e5'],
  ['alarm', '#ffebee', '#e53935'],
  ['alarm-status', '#ffebee', '#e53935'],
  ['log', '#fff3e0', '#fb8c00'],
  ['explorer', '#e8f5e9', '#43a047'],
  ['custom', '#f3e5f5', '#8e24aa'],
];
const UNKNOWN_COLOURS: readonly [string, string] = ['#eeeeee', '#757575'];

/** What `renderDashboardLayout` needs besides the body. */
export interface DashboardLayoutOptions {
  /** The line drawn above the grid, e.g. the dashboard's name or logical id. */
  readonly title: string;
}

/** A dashboard found in a template, with its body parsed. */
export interface FoundDashboard {
  readonly logicalId: string;
  readonly body: any;
}

/** A widget with its grid position settled and its text worked out. */
interface PlacedWidget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly label: string;
  readonly detail?: string;
}

/**
 * Parses the `DashboardBody` of a dashboard resource into an object.
 *
 * Accepts the resource's `Properties` (the usual case), or the `DashboardBody`
 * value itself. The value may be a plain JSON string, an `Fn::Join` whose
 * parts are JSON text and tokens, or an `Fn::Sub` string. Each token is
 * replaced with a placeholder, because its value is only known at deploy time
 * and the layout does not depend on it: `${Ref:X}` for `Ref`, `${X.Attr}` for
 * `Fn::GetAtt`, and `${Import}` for anything else (`Fn::ImportValue`,
 * `Fn::Select`, ...). A placeholder never holds a quote, backslash or control
 * character, so putting it inside a JSON string keeps the string valid; a
 * token found outside any JSON string (a numeric token, say) is written as a
 * quoted string, so the text still parses.
 *
 * Throws an error that says what is wrong when the body is not valid JSON,
 * is a token as a whole, or has no `widgets` array.
 */
export function dashboardBodyFromTemplate(resourceProperties: any): any {
  let value: unknown;
  if (typeof resourceProperties === 'string' || isIntrinsic(resourceProperties)) {
    value = resourceProperties;
  } else if (isRecord(resourceProperties) && 'DashboardBody' in resourceProperties) {
    value = resourceProperties.DashboardBody;
  } else if (isRecord(resourceProperties) && 'widgets' in resourceProperties) {
    value = resourceProperties;
  } else {
    throw new Error('Expected the Properties of an AWS::CloudWatch::Dashboard (an object with DashboardBody) or a DashboardBody value');
  }
  if (isRecord(value) && !isIntrinsic(value)) {
    // Already an object (e.g. a body parsed earlier): only check its shape.
    return checkBody(value);
  }
  return checkBody(parseBodyText(bodyText(value)));
}

/**
 * Finds every `AWS::CloudWatch::Dashboard` in a template object and parses its
 * body, in the order the template lists its resources. An error in one body
 * names the dashboard's logical id, so a template with several is easy to fix.
 */
export function findDashboards(template: any): FoundDashboard[] {
  if (!isRecord(template)) {
    throw new Error('Expected a CloudFormation template object');
  }
  const resources = template.Resources;
  if (resources === undefined) {
    return [];
  }
  if (!isRecord(resources)) {
    throw new Error('The template\'s Resources is not an object');
  }
  const found: FoundDashboard[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::CloudWatch::Dashboard') {
      continue;
    }
    try {
      found.push({ logicalId, body: dashboardBodyFromTemplate(resource.Properties ?? {}) });
    } catch (error) {
      throw new Error(`Dashboard ${logicalId}: ${(error as Error).message}`);
    }
  }
  return found;
}

/**
 * Draws a dashboard body as SVG text: a title line, a box per widget on the
 * grid (40 px per column, 30 px per height unit, 4 px between boxes), and a
 * legend of the widget types it uses.
 *
 * The body may also be given as JSON text. Widgets without a position are
 * placed at the first free spot, scanning rows from the top and columns from
 * the left, after all positioned widgets: an approximation of the "next
 * available position" that CloudWatch documents. A missing or non-numeric size
 * (a token, say) falls back to the documented default of 6 x 6, and sizes and
 * positions are clamped to the grid, so any body that parses can be drawn.
 */
export function renderDashboardLayout(body: any, options: DashboardLayoutOptions): string {
  const checked = checkBody(typeof body === 'string' ? parseBodyText(body) : body);
  const widgets = placeWidgets(checked.widgets as unknown[]);
  const rows = Math.max(1, ...widgets.map((w) => w.y + w.height));

  const gridWidth = GRID_COLUMNS * COLUMN_PX;
  const gridTop = MARGIN_PX + HEADER_PX;
  const gridHeight = rows * ROW_PX;
  const canvasWidth = gridWidth + 2 * MARGIN_PX;

  const legend = legendEntries(widgets);
  const legendLayout = layoutLegend(legend, gridWidth);
  const legendTop = gridTop + gridHeight + 16;
  const canvasHeight = legendTop + legendLayout.lines * LEGEND_LINE_PX + MARGIN_PX;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${canvasWidth}" height="${canvasHeight}" viewBox="0 0 ${canvasWidth} ${canvasHeight}" `
    + `font-family="${FONT_FAMILY}" font-size="${LABEL_FONT}">`);
  out.push(`<title>${escapeXml(cleanText(options.title))}</title>`);
  out.push(`<rect x="0" y="0" width="${canvasWidth}" height="${canvasHeight}" fill="#ffffff"/>`);

  // Title line: the given title on the left, a summary of the grid on the right.
  const summary = `${widgets.length} widget${widgets.length === 1 ? '' : 's'} \u00b7 ${GRID_COLUMNS} columns \u00d7 ${rows} rows`;
  const summaryWidth = textWidth(summary, LABEL_FONT);
  const titleRoom = gridWidth - summaryWidth - 16;
  const titleBaseline = MARGIN_PX + 20;
  out.push(`<text x="${MARGIN_PX}" y="${titleBaseline}" font-size="${TITLE_FONT}" font-weight="bold" fill="#212121">`
    + `${escapeXml(truncate(cleanText(options.title), titleRoom, TITLE_FONT))}</text>`);
  out.push(`<text x="${MARGIN_PX + gridWidth}" y="${titleBaseline}" text-anchor="end" fill="#616161">${escapeXml(summary)}</text>`);

  // The grid area, with a faint line every 6 columns to make positions easy to read.
  out.push(`<rect x="${MARGIN_PX}" y="${gridTop}" width="${gridWidth}" height="${gridHeight}" fill="#fafafa" stroke="#e0e0e0"/>`);
  for (let column = 6; column < GRID_COLUMNS; column += 6) {
    const x = MARGIN_PX + column * COLUMN_PX;
    out.push(`<line x1="${x}" y1="${gridTop}" x2="${x}" y2="${gridTop + gridHeight}" stroke="#eeeeee"/>`);
  }
  if (widgets.length === 0) {
    out.push(`<text x="${MARGIN_PX + TEXT_PAD_PX}" y="${gridTop + 19}" fill="#9e9e9e">(no widgets)</text>`);
  }

  for (const widget of widgets) {
    out.push(widgetSvg(widget, gridTop));
  }

  for (const item of legendLayout.items) {
    const x = MARGIN_PX + item.x;
    const y = legendTop + item.line * LEGEND_LINE_PX;
    out.push(`<g class="legend-item" data-type="${escapeXml(item.entry.type)}">`
      + `<rect x="${x}" y="${y}" width="${SWATCH_PX}" height="${SWATCH_PX}" fill="${item.entry.fill}" stroke="${item.entry.stroke}"/>`
      + `<text x="${x + SWATCH_PX + 6}" y="${y + 10}" fill="#424242">${escapeXml(item.entry.text)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** True for a non-null, non-array object; template values are JSON, so this is "a JSON object". */
function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a CloudFormation intrinsic: an object with the single key `Ref` or `Fn::...`. */
function isIntrinsic(value: unknown): value is Record<string, any> {
  if (!isRecord(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * Rebuilds the JSON text of a `DashboardBody` value. Tracks, across the parts
 * of an `Fn::Join`, whether the text so far ends inside a JSON string, so that
 * a token outside one can be written as a quoted string instead of breaking
 * the syntax.
 */
function bodyText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (isIntrinsic(value)) {
    const [name] = Object.keys(value);
    if (name === 'Fn::Join') {
      const args = value[name];
      if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string' || !Array.isArray(args[1])) {
        throw new Error('DashboardBody Fn::Join must be [delimiter, [parts...]]');
      }
      const delimiter: string = args[0];
      const scanner = new JsonStringTracker();
      let text = '';
      (args[1] as unknown[]).forEach((part, index) => {
        const literal = index > 0 ? delimiter : '';
        text += literal;
        scanner.feed(literal);
        if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean') {
          text += String(part);
          scanner.feed(String(part));
        } else {
          const placeholder = placeholderFor(part);
          text += scanner.inString ? placeholder : JSON.stringify(placeholder);
        }
      });
      return text;
    }
    if (name === 'Fn::Sub') {
      // `${Name}` references are already placeholders of the same form, and they sit inside JSON strings.
      const args = value[name];
      const template = Array.isArray(args) ? args[0] : args;
      if (typeof template === 'string') {
        return template;
      }
    }
    throw new Error(`DashboardBody is the intrinsic ${name} as a whole, not JSON text; its widgets are only known at deploy time`);
  }
  throw new Error(`DashboardBody must be a JSON string or an Fn::Join of JSON text and tokens, got ${describe(value)}`);
}

/**
 * Follows JSON text one character at a time and knows whether it is inside a
 * string literal; only quotes and backslash escapes matter for that.
 */
class JsonStringTracker {
  public inString = false;
  private escaped = false;

  /** Moves the state past `text`. */
  public feed(text: string): void {
    for (const ch of text) {
      if (!this.inString) {
        this.inString = ch === '"';
      } else if (this.escaped) {
        this.escaped = false;
      } else if (ch === '\\') {
        this.escaped = true;
      } else if (ch === '"') {
        this.inString = false;
      }
    }
  }
}

/**
 * The placeholder text for one token. It keeps the logical id (and attribute)
 * the token names, because that is what a reader needs to recognise an alarm
 * or a resource, and drops anything that could end or corrupt a JSON string.
 */
function placeholderFor(part: unknown): string {
  if (isRecord(part) && typeof part.Ref === 'string') {
    return `\${Ref:${jsonSafe(part.Ref)}}`;
  }
  if (isRecord(part) && 'Fn::GetAtt' in part) {
    const args = part['Fn::GetAtt'];
    if (Array.isArray(args) && args.length >= 2 && args.every((arg) => typeof arg === 'string')) {
      return `\${${jsonSafe(args.join('.'))}}`;
    }
    if (typeof args === 'string') {
      return `\${${jsonSafe(args)}}`;
    }
  }
  return '${Import}';
}

/** Replaces the characters that cannot appear unescaped in a JSON string: quotes, backslashes and control characters. */
function jsonSafe(text: string): string {
  return text.replace(/["\\\u0000-\u001f\u007f]/g, '_');
}

/** Parses body text, turning the parser's message into one that says it is the dashboard body that is broken, and where. */
function parseBodyText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = position ? Number(position[1]) : 0;
    const excerpt = text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ');
    throw new Error(`DashboardBody is not valid JSON: ${message} (near: ${JSON.stringify(excerpt)})`);
  }
}

/** Makes sure a parsed body has the one thing the drawing needs: a `widgets` array of objects. */
function checkBody(body: unknown): any {
  if (!isRecord(body)) {
    throw new Error(`Dashboard body must be a JSON object with a "widgets" array, got ${describe(body)}`);
  }
  if (!Array.isArray(body.widgets)) {
    const keys = Object.keys(body).sort();
    throw new Error(`Dashboard body has no "widgets" array (${body.widgets === undefined ? 'keys: ' + (keys.join(', ') || 'none') : 'widgets is ' + describe(body.widgets)})`);
  }
  body.widgets.forEach((widget: unknown, index: number) => {
    if (!isRecord(widget)) {
      throw new Error(`Dashboard widget ${index} must be an object, got ${describe(widget)}`);
    }
  });
  return body;
}

/** A short name for the kind of a JSON value, for error messages. */
function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Settles every widget's grid cell and works out its label. Widgets with a
 * position go first, so that widgets without one fill the space around them
 * and never push them aside.
 */
function placeWidgets(widgets: unknown[]): PlacedWidget[] {
  const occupied: boolean[][] = [];
  const isFree = (x: number, y: number, width: number, height: number): boolean => {
    for (let row = y; row < y + height; row++) {
      for (let column = x; column < x + width; column++) {
        if (occupied[row]?.[column]) {
          return false;
        }
      }
    }
    return true;
  };
  const occupy = (x: number, y: number, width: number, height: number): void => {
    for (let row = y; row < y + height; row++) {
      occupied[row] = occupied[row] ?? [];
      for (let column = x; column < x + width; column++) {
        occupied[row][column] = true;
      }
    }
  };

  const sized = widgets.map((raw) => {
    const widget = raw as Record<string, any>;
    const width = clampInt(widget.width, 1, GRID_COLUMNS) ?? DEFAULT_WIDTH;
    const height = clampInt(widget.height, 1, MAX_HEIGHT) ?? DEFAULT_HEIGHT;
    const x = clampInt(widget.x, 0, GRID_COLUMNS - 1);
    const y = clampInt(widget.y, 0, Number.MAX_SAFE_INTEGER);
    return { widget, width: Math.min(width, GRID_COLUMNS - (x ?? 0)), height, x, y };
  });
  const positions: Array<{ x: number; y: number }> = new Array(sized.length);
  sized.forEach((item, index) => {
    if (item.x !== undefined && item.y !== undefined) {
      positions[index] = { x: item.x, y: item.y };
      occupy(item.x, item.y, item.width, item.height);
    }
  });
  sized.forEach((item, index) => {
    if (positions[index]) {
      return;
    }
    const columns = item.x !== undefined ? [item.x] : range(0, GRID_COLUMNS - item.width);
    for (let row = item.y ?? 0; !positions[index]; row++) {
      const column = columns.find((candidate) => isFree(candidate, row, item.width, item.height));
      if (column !== undefined) {
        positions[index] = { x: column, y: row };
        occupy(column, row, item.width, item.height);
      }
      if (item.y !== undefined && !positions[index]) {
        // A widget with a fixed row but no column goes to that row even when it overlaps.
        positions[index] = { x: columns[0], y: item.y };
      }
    }
  });

  return sized.map((item, index) => {
    const type = typeof item.widget.type === 'string' && item.widget.type !== '' ? item.widget.type : 'unknown';
    const properties = isRecord(item.widget.properties) ? item.widget.properties : {};
    return {
      type,
      x: positions[index].x,
      y: positions[index].y,
      width: item.width,
      height: item.height,
      label: widgetLabel(type, properties),
      detail: widgetDetail(type, properties),
    };
  });
}

/** The integers from `first` to `last`, both included. */
function range(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) {
    out.push(i);
  }
  return out;
}

/** A finite number rounded and clamped to [min, max]; anything else (missing, a token placeholder) is undefined. */
function clampInt(value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return undefined;
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * The first line of a widget box. A text widget has no title, so its first
 * markdown heading stands for it (or, with no heading, its first non-empty
 * line); other widgets use their title, and an untitled one says what it is.
 */
function widgetLabel(type: string, properties: Record<string, any>): string {
  if (type === 'text') {
    const markdown = typeof properties.markdown === 'string' ? properties.markdown : '';
    const lines = markdown.split(/\r?\n/);
    for (const line of lines) {
      const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
      if (heading && heading[1]) {
        return heading[1];
      }
    }
    const first = lines.find((line) => line.trim() !== '');
    return first !== undefined ? first.trim() : '(empty text)';
  }
  if (typeof properties.title === 'string' && properties.title.trim() !== '') {
    return properties.title;
  }
  return `(untitled ${type})`;
}

/**
 * The second line of a widget box: what the widget watches. A metric widget
 * that shows an alarm (CDK's AlarmWidget) names the alarm; one that graphs
 * metrics counts them, and math expressions apart; an alarm status widget
 * counts its alarms; a Logs Insights widget counts the log groups its query
 * reads.
 */
function widgetDetail(type: string, properties: Record<string, any>): string | undefined {
  if (type === 'metric') {
    const alarms = isRecord(properties.annotations) && Array.isArray(properties.annotations.alarms) ? properties.annotations.alarms : [];
    if (alarms.length === 1) {
      return `alarm: ${alarmName(alarms[0])}`;
    }
    if (alarms.length > 1) {
      return plural(alarms.length, 'alarm');
    }
    const metrics: unknown[] = Array.isArray(properties.metrics) ? properties.metrics : [];
    const expressions = metrics.filter((row) => Array.isArray(row) && row.some((item) => isRecord(item) && typeof item.expression === 'string')).length;
    const plain = metrics.length - expressions;
    const parts = [plain > 0 || expressions === 0 ? plural(plain, 'metric') : '', expressions > 0 ? plural(expressions, 'expression') : ''];
    return parts.filter((part) => part !== '').join(', ');
  }
  if (type === 'alarm' || type === 'alarm-status') {
    return plural(Array.isArray(properties.alarms) ? properties.alarms.length : 0, 'alarm');
  }
  if (type === 'log' && typeof properties.query === 'string') {
    const sources = properties.query.match(/SOURCE\s+'[^']*'/g);
    return sources ? plural(sources.length, 'log group') : undefined;
  }
  return undefined;
}

/**
 * The readable name in an alarm reference: the name at the end of an alarm
 * ARN, or the logical id in a `${Id.Arn}` placeholder, since that is how the
 * alarm is known in the template.
 */
function alarmName(reference: unknown): string {
  if (typeof reference !== 'string') {
    return '?';
  }
  const placeholder = /^\$\{([^.}]+)\.Arn\}$/.exec(reference);
  if (placeholder) {
    return placeholder[1];
  }
  const marker = reference.lastIndexOf(':alarm:');
  return marker >= 0 ? reference.slice(marker + ':alarm:'.length) : reference;
}

/** `1 metric`, `3 metrics`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The SVG of one widget: its box, its label and detail lines, and a tooltip with the untruncated text. */
function widgetSvg(widget: PlacedWidget, gridTop: number): string {
  const [fill, stroke] = coloursOf(widget.type);
  const x = MARGIN_PX + widget.x * COLUMN_PX + GAP_PX / 2;
  const y = gridTop + widget.y * ROW_PX + GAP_PX / 2;
  const width = widget.width * COLUMN_PX - GAP_PX;
  const height = widget.height * ROW_PX - GAP_PX;
  const room = width - 2 * TEXT_PAD_PX;
  const label = cleanText(widget.label);
  const detail = widget.detail !== undefined ? cleanText(widget.detail) : '';
  const tooltip = `${widget.type} at (${widget.x}, ${widget.y}), ${widget.width}\u00d7${widget.height}: ${label}${detail ? ` \u2014 ${detail}` : ''}`;

  const parts = [
    `<g class="widget" data-type="${escapeXml(widget.type)}">`,
    `<title>${escapeXml(tooltip)}</title>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="3" fill="${fill}" stroke="${stroke}"/>`,
    `<text x="${x + TEXT_PAD_PX}" y="${y + 17}" font-weight="bold" fill="#212121">${escapeXml(truncate(label, room, LABEL_FONT))}</text>`,
  ];
  if (detail && height >= MIN_HEIGHT_FOR_DETAIL_PX) {
    parts.push(`<text x="${x + TEXT_PAD_PX}" y="${y + 33}" font-size="${DETAIL_FONT}" fill="#616161">${escapeXml(truncate(detail, room, DETAIL_FONT))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** Fill and border colour of a widget type; a type this file does not know is grey rather than an error. */
function coloursOf(type: string): readonly [string, string] {
  const known = TYPE_COLOURS.find(([name]) => name === type);
  return known ? [known[1], known[2]] : UNKNOWN_COLOURS;
}

/** A legend entry placed at an offset on a legend line. */
interface LegendItem {
  readonly entry: LegendEntry;
  readonly x: number;
  readonly line: number;
}

interface LegendEntry {
  readonly type: string;
  readonly text: string;
  readonly fill: string;
  readonly stroke: string;
}

/**
 * One legend entry per widget type on the dashboard, with how many widgets
 * have it: known types in a fixed order, then unknown ones sorted by code
 * unit (not by locale, which could differ between machines).
 */
function legendEntries(widgets: PlacedWidget[]): LegendEntry[] {
  const counts = new Map<string, number>();
  for (const widget of widgets) {
    counts.set(widget.type, (counts.get(widget.type) ?? 0) + 1);
  }
  const known = TYPE_COLOURS.map(([type]) => type).filter((type) => counts.has(type));
  const unknown = [...counts.keys()].filter((type) => !known.includes(type)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...known, ...unknown].map((type) => {
    const [fill, stroke] = coloursOf(type);
    return { type, text: `${cleanText(type)} (${counts.get(type)})`, fill, stroke };
  });
}

/** Lays legend entries out left to right, starting a new line when the next one would pass the grid's width. */
function layoutLegend(entries: LegendEntry[], width: number): { items: LegendItem[]; lines: number } {
  const items: LegendItem[] = [];
  let x = 0;
  let line = 0;
  for (const entry of entries) {
    const itemWidth = SWATCH_PX + 6 + Math.ceil(textWidth(entry.text, LABEL_FONT)) + 18;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      line++;
    }
    items.push({ entry, x, line });
    x += itemWidth;
  }
  return { items, lines: entries.length > 0 ? line + 1 : 0 };
}

/** Estimated width of `text` in px: the 7 px per character at 12 px assumption, scaled to the font size. */
function textWidth(text: string, fontSize: number): number {
  return Array.from(text).length * charWidth(fontSize);
}

/** Estimated advance of one character at `fontSize`. */
function charWidth(fontSize: number): number {
  return CHAR_PX_AT_12 * fontSize / 12;
}

/**
 * Shortens `text` so that it fits `widthPx`, ending it with an ellipsis when
 * something was cut. Counts code points, so a character outside the BMP is
 * never split in half.
 */
function truncate(text: string, widthPx: number, fontSize: number): string {
  const chars = Array.from(text);
  const fits = Math.floor(widthPx / charWidth(fontSize));
  if (chars.length <= fits) {
    return text;
  }
  if (fits <= 0) {
    return '';
  }
  return chars.slice(0, fits - 1).join('').trimEnd() + ELLIPSIS;
}

/**
 * Makes text fit for one SVG line: whitespace runs (newlines included) become
 * one space, and characters XML 1.0 does not allow at all (most control
 * characters, lone surrogates) are dropped, since escaping cannot save them.
 */
function cleanText(text: string): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes the five characters with a meaning in XML text and attribute values. */
function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
