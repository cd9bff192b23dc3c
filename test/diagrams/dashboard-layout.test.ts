import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { dashboardBodyFromTemplate, findDashboards, renderDashboardLayout } from '../../diagrams/dashboard-layout';

/** A drawn widget, read back from the SVG. */
interface DrawnWidget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly texts: string[];
}

/** Reads the widget groups back out of the SVG, in drawing order, so tests can check pixels and labels. */
function drawnWidgets(svg: string): DrawnWidget[] {
  const groups = svg.match(/<g class="widget"[^>]*>.*?<\/g>/g) ?? [];
  return groups.map((group) => {
    const rect = /<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/.exec(group);
    if (!rect) {
      throw new Error(`no rect in ${group}`);
    }
    return {
      type: /data-type="([^"]*)"/.exec(group)![1],
      x: Number(rect[1]),
      y: Number(rect[2]),
      width: Number(rect[3]),
      height: Number(rect[4]),
      texts: [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]),
    };
  });
}

/** The text of every legend entry, in order. */
function legendTexts(svg: string): string[] {
  return [...svg.matchAll(/<g class="legend-item"[^>]*>.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((match) => match[1]);
}

/**
 * A small well-formedness check: every tag is closed in order, and no `&` starts
 * anything but an entity, so a browser will render the file instead of failing on it.
 */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([A-Za-z][\w-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) {
      continue;
    }
    if (closing) {
      expect(stack.pop()).toBe(name);
    } else {
      stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  // Outside tags, no stray angle brackets.
  const text = svg.replace(/<(\/?)([A-Za-z][\w-]*)[^<>]*?>/g, '');
  expect(text).not.toMatch(/[<>]/);
}

/** A body with widgets at known places. */
function sampleBody(): any {
  return {
    widgets: [
      { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: 'intro\n## Service health ##\nmore' } },
      {
        type: 'metric',
        x: 0,
        y: 2,
        width: 12,
        height: 6,
        properties: {
          title: 'Latency',
          metrics: [['AWS/Lambda', 'Duration', 'FunctionName', 'f'], ['.', 'Errors', '.', '.'], ['AWS/Lambda', 'Throttles', 'FunctionName', 'f']],
        },
      },
      { type: 'metric', x: 12, y: 2, width: 6, height: 6, properties: { title: 'Errors', annotations: { alarms: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:my-alarm'] } } },
      { type: 'alarm', x: 18, y: 2, width: 6, height: 3, properties: { title: 'Status', alarms: ['arn:a', 'arn:b'] } },
      { type: 'log', x: 18, y: 5, width: 6, height: 1, properties: { title: 'Logs', query: "SOURCE 'a' | fields @message" } },
    ],
  };
}

describe('dashboardBodyFromTemplate', () => {
  test('parses a plain string body', () => {
    const body = dashboardBodyFromTemplate({ DashboardBody: '{"widgets":[{"type":"text","properties":{"markdown":"# Hi"}}]}' });
    expect(body).toEqual({ widgets: [{ type: 'text', properties: { markdown: '# Hi' } }] });
  });

  test('puts an Fn::Join back together with a placeholder per Ref, GetAtt and other token', () => {
    const properties = {
      DashboardName: 'ops',
      DashboardBody: {
        'Fn::Join': ['', [
          '{"widgets":[{"type":"metric","x":0,"y":0,"width":6,"height":6,"properties":{"region":"',
          { Ref: 'AWS::Region' },
          '","title":"Queue ',
          { 'Fn::GetAtt': ['Queue4A7E3555', 'QueueName'] },
          '","metrics":[["AWS/SQS","NumberOfMessagesSent","QueueName","',
          { 'Fn::GetAtt': 'Other.Name' },
          '"],["AWS/SQS","NumberOfMessagesSent","QueueName","',
          { 'Fn::ImportValue': 'shared-queue-name' },
          '"],["AWS/SQS","NumberOfMessagesSent","QueueName","',
          { 'Fn::Select': [0, { 'Fn::Split': [',', { Ref: 'Names' }] }] },
          '"]],"annotations":{"alarms":["',
          { 'Fn::GetAtt': ['QueueAlarm1234', 'Arn'] },
          '"]}}}]}',
        ]],
      },
    };
    const body = dashboardBodyFromTemplate(properties);
    const widget = body.widgets[0];
    expect(widget.properties.region).toBe('${Ref:AWS::Region}');
    expect(widget.properties.title).toBe('Queue ${Queue4A7E3555.QueueName}');
    expect(widget.properties.metrics.map((metric: string[]) => metric[3])).toEqual(['${Other.Name}', '${Import}', '${Import}']);
    expect(widget.properties.annotations.alarms).toEqual(['${QueueAlarm1234.Arn}']);

    const drawn = drawnWidgets(renderDashboardLayout(body, { title: 'ops' }));
    expect(drawn[0].texts).toEqual(['Queue ${Queue4A7E3555.QueueName}', 'alarm: QueueAlarm1234']);
  });

  test('keeps placeholders free of characters that would break the JSON string they sit in', () => {
    const body = dashboardBodyFromTemplate({
      DashboardBody: {
        'Fn::Join': ['', [
          '{"widgets":[{"type":"text","properties":{"markdown":"# ',
          { Ref: 'odd"name\\with\nbreaks' },
          ' and ',
          { 'Fn::GetAtt': ['Res', 'Att"r'] },
          '"}}]}',
        ]],
      },
    });
    expect(body.widgets[0].properties.markdown).toBe('# ${Ref:odd_name_with_breaks} and ${Res.Att_r}');
  });

  test('quotes a token that stands outside any JSON string, so the body still parses', () => {
    const body = dashboardBodyFromTemplate({
      DashboardBody: {
        'Fn::Join': ['', [
          '{"widgets":[{"type":"metric","x":6,"y":0,"width":',
          { Ref: 'WidgetWidth' },
          ',"height":3,"properties":{"title":"a \\"quoted\\" \\\\ title"}}]}',
        ]],
      },
    });
    expect(body.widgets[0].width).toBe('${Ref:WidgetWidth}');
    expect(body.widgets[0].properties.title).toBe('a "quoted" \\ title');
    // The width is unknown until deploy time, so the drawing uses the documented default of 6.
    const [drawn] = drawnWidgets(renderDashboardLayout(body, { title: 't' }));
    expect(drawn).toMatchObject({ x: 262, y: 58, width: 236, height: 86 });
  });

  test('joins with a non-empty delimiter, and accepts the DashboardBody value or an Fn::Sub directly', () => {
    const joined = dashboardBodyFromTemplate({ 'Fn::Join': [',', ['{"widgets":[]', '"extra":1}']] });
    expect(joined).toEqual({ widgets: [], extra: 1 });
    expect(dashboardBodyFromTemplate('{"widgets":[]}')).toEqual({ widgets: [] });
    const sub = dashboardBodyFromTemplate({ DashboardBody: { 'Fn::Sub': '{"widgets":[{"type":"metric","properties":{"region":"${AWS::Region}"}}]}' } });
    expect(sub.widgets[0].properties.region).toBe('${AWS::Region}');
  });

  test('says clearly when the body is not valid JSON', () => {
    expect(() => dashboardBodyFromTemplate({ DashboardBody: '{"widgets": [ {"type": "text",, } ]}' })).toThrow(/DashboardBody is not valid JSON: .*near: /);
    expect(() => dashboardBodyFromTemplate({ DashboardBody: { 'Fn::Join': ['', ['{"widgets":[{"type":"', { Ref: 'X' }, '"}']] } }))
      .toThrow(/^DashboardBody is not valid JSON: .* at position 31.*\(near: ".*\$\{Ref:X\}.*"\)$/);
    // A token between array items is quoted, so the error is about the widget, not the syntax.
    expect(() => dashboardBodyFromTemplate({ DashboardBody: { 'Fn::Join': ['', ['{"widgets":[', { Ref: 'X' }, ']}']] } }))
      .toThrow(new Error('Dashboard widget 0 must be an object, got a string'));
  });

  test('says clearly when the body has no widgets array', () => {
    expect(() => dashboardBodyFromTemplate({ DashboardBody: '{"start":"-PT6H"}' })).toThrow(new Error('Dashboard body has no "widgets" array (keys: start)'));
    expect(() => dashboardBodyFromTemplate({ DashboardBody: '{"widgets":{}}' })).toThrow(new Error('Dashboard body has no "widgets" array (widgets is a object)'));
    expect(() => dashboardBodyFromTemplate({ DashboardBody: '[]' })).toThrow(new Error('Dashboard body must be a JSON object with a "widgets" array, got an array'));
    expect(() => dashboardBodyFromTemplate({ DashboardBody: '{"widgets":["x"]}' })).toThrow(new Error('Dashboard widget 0 must be an object, got a string'));
    expect(() => renderDashboardLayout({}, { title: 't' })).toThrow(new Error('Dashboard body has no "widgets" array (keys: none)'));
    expect(() => renderDashboardLayout('not json', { title: 't' })).toThrow(/DashboardBody is not valid JSON/);
  });

  test('rejects a body that is a token as a whole, a malformed Fn::Join, and properties without a body', () => {
    expect(() => dashboardBodyFromTemplate({ DashboardBody: { Ref: 'BodyParameter' } })).toThrow(new Error('DashboardBody is the intrinsic Ref as a whole, not JSON text; its widgets are only known at deploy time'));
    expect(() => dashboardBodyFromTemplate({ DashboardBody: { 'Fn::Join': ['', 'text'] } })).toThrow(new Error('DashboardBody Fn::Join must be [delimiter, [parts...]]'));
    expect(() => dashboardBodyFromTemplate({ DashboardName: 'x' })).toThrow(/Expected the Properties of an AWS::CloudWatch::Dashboard/);
    expect(() => dashboardBodyFromTemplate({ DashboardBody: 42 })).toThrow(new Error('DashboardBody must be a JSON string or an Fn::Join of JSON text and tokens, got a number'));
  });
});

describe('findDashboards', () => {
  test('finds every dashboard in template order, and nothing else', () => {
    const template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        Second: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: '{"widgets":[]}' } },
        First: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', ['{"widgets":[{"type":"text","properties":{"markdown":"', { Ref: 'X' }, '"}}]}']] } } },
      },
    };
    expect(findDashboards(template)).toEqual([
      { logicalId: 'Second', body: { widgets: [] } },
      { logicalId: 'First', body: { widgets: [{ type: 'text', properties: { markdown: '${Ref:X}' } }] } },
    ]);
    expect(findDashboards({})).toEqual([]);
  });

  test('names the dashboard whose body is broken', () => {
    const template = { Resources: { Broken: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: '{' } } } };
    expect(() => findDashboards(template)).toThrow(/^Dashboard Broken: DashboardBody is not valid JSON/);
  });

  test('reads what CDK synthesizes', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const queue = new sqs.Queue(stack, 'Queue');
    const visible = queue.metricApproximateNumberOfMessagesVisible();
    const alarm = visible.createAlarm(stack, 'Backlog', { threshold: 10, evaluationPeriods: 1 });
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '# Queue <health> & "status"\nDetails', width: 24, height: 2 }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Messages', left: [visible, queue.metricNumberOfMessagesSent()] }),
      new cloudwatch.AlarmWidget({ title: 'Backlog', alarm }),
      new cloudwatch.AlarmStatusWidget({ alarms: [alarm] }),
      new cloudwatch.GraphWidget({ left: [new cloudwatch.MathExpression({ expression: 'm1 * 2', usingMetrics: { m1: visible } })] }),
    );
    const template = app.synth().getStackByName('Stack').template;
    const alarmId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::CloudWatch::Alarm')!;

    const dashboards = findDashboards(template);
    expect(dashboards.map((found) => found.logicalId)).toEqual([Object.keys(template.Resources).find((id) => id.startsWith('Dashboard'))]);
    const svg = renderDashboardLayout(dashboards[0].body, { title: 'Stack/Dashboard' });
    expectWellFormed(svg);
    expect(drawnWidgets(svg).map((widget) => [widget.type, widget.x, widget.y, widget.width, widget.height, ...widget.texts])).toEqual([
      ['text', 22, 58, 956, 56, 'Queue &lt;health&gt; &amp; &quot;status&quot;'],
      ['metric', 22, 118, 236, 176, 'Messages', '2 metrics'],
      ['metric', 262, 118, 236, 176, 'Backlog', `alarm: ${alarmId}`],
      ['alarm', 502, 118, 236, 86, 'Alarm Status', '1 alarm'],
      ['metric', 742, 118, 236, 176, '(untitled metric)', '1 metric, 1 expression'],
    ]);
  });
});

describe('renderDashboardLayout', () => {
  test('draws each widget at 40 px per column and 30 px per row, inset 2 px on each side', () => {
    const svg = renderDashboardLayout(sampleBody(), { title: 'Service' });
    expectWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="354" viewBox="0 0 1000 354" ')).toBe(true);
    expect(drawnWidgets(svg).map(({ type, x, y, width, height }) => ({ type, x, y, width, height }))).toEqual([
      { type: 'text', x: 22, y: 58, width: 956, height: 56 },
      { type: 'metric', x: 22, y: 118, width: 476, height: 176 },
      { type: 'metric', x: 502, y: 118, width: 236, height: 176 },
      { type: 'alarm', x: 742, y: 118, width: 236, height: 86 },
      { type: 'log', x: 742, y: 208, width: 236, height: 26 },
    ]);
  });

  test('labels widgets with their title or first heading, and says what they watch', () => {
    const drawn = drawnWidgets(renderDashboardLayout(sampleBody(), { title: 'Service' }));
    expect(drawn.map((widget) => widget.texts)).toEqual([
      ['Service health'],
      ['Latency', '3 metrics'],
      ['Errors', 'alarm: my-alarm'],
      ['Status', '2 alarms'],
      // One row high: no room for a second line.
      ['Logs'],
    ]);
  });

  test('falls back to the first line of markdown without a heading, and names untitled widgets by type', () => {
    const drawn = drawnWidgets(renderDashboardLayout({
      widgets: [
        { type: 'text', x: 0, y: 0, width: 12, height: 2, properties: { markdown: '\n  plain words  \n*more*' } },
        { type: 'text', x: 12, y: 0, width: 12, height: 2, properties: { markdown: '' } },
        { type: 'log', x: 0, y: 2, width: 12, height: 3, properties: { query: "SOURCE 'a' | SOURCE 'b' | fields @x" } },
        { type: 'custom', x: 12, y: 2, width: 12, height: 3, properties: {} },
      ],
    }, { title: 't' }));
    expect(drawn.map((widget) => widget.texts)).toEqual([['plain words'], ['(empty text)'], ['(untitled log)', '2 log groups'], ['(untitled custom)']]);
  });

  test('places widgets without a position in the first free space, with the default 6 x 6 size', () => {
    const drawn = drawnWidgets(renderDashboardLayout({
      widgets: [
        { type: 'metric', properties: { title: 'auto 1' } },
        { type: 'text', x: 0, y: 0, width: 6, height: 2, properties: { markdown: '# fixed' } },
        { type: 'metric', width: 18, height: 2, properties: { title: 'auto 2' } },
      ],
    }, { title: 't' }));
    expect(drawn.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([
      // Beside the fixed text widget, which keeps its place.
      [262, 58, 236, 176],
      [22, 58, 236, 56],
      // 18 columns do not fit beside "auto 1" (columns 6-11) in rows 0-5, so it goes below.
      [22, 238, 716, 56],
    ]);
  });

  test('clamps sizes and positions to the grid', () => {
    const [drawn] = drawnWidgets(renderDashboardLayout({ widgets: [{ type: 'metric', x: 20, y: -3, width: 10, height: 0, properties: {} }] }, { title: 't' }));
    expect(drawn).toMatchObject({ x: 822, y: 58, width: 156, height: 26 });
  });

  test('escapes <&>" and apostrophes in titles, headings, types and the dashboard title', () => {
    const svg = renderDashboardLayout({
      widgets: [
        { type: 'metric', x: 0, y: 0, width: 24, height: 2, properties: { title: '<b>"A" & \'B\'</b>', metrics: [] } },
        { type: 'text', x: 0, y: 2, width: 24, height: 2, properties: { markdown: '# 1 < 2 && 3 > 2' } },
        { type: 'x<y>&"', x: 0, y: 4, width: 24, height: 2, properties: {} },
      ],
    }, { title: 'Dash <"&">' });
    expectWellFormed(svg);
    expect(svg).toContain('<title>Dash &lt;&quot;&amp;&quot;&gt;</title>');
    expect(svg).toContain('>Dash &lt;&quot;&amp;&quot;&gt;</text>');
    expect(drawnWidgets(svg).map((widget) => widget.texts[0])).toEqual([
      '&lt;b&gt;&quot;A&quot; &amp; &apos;B&apos;&lt;/b&gt;',
      '1 &lt; 2 &amp;&amp; 3 &gt; 2',
      '(untitled x&lt;y&gt;&amp;&quot;)',
    ]);
    expect(svg).toContain('data-type="x&lt;y&gt;&amp;&quot;"');
    expect(legendTexts(svg)).toEqual(['text (1)', 'metric (1)', 'x&lt;y&gt;&amp;&quot; (1)']);
    expect(svg).not.toContain('<b>');
  });

  test('turns newlines into spaces and drops characters XML cannot hold', () => {
    const [drawn] = drawnWidgets(renderDashboardLayout({ widgets: [{ type: 'metric', x: 0, y: 0, width: 24, height: 2, properties: { title: 'a\nb\u0001c\ud800' } }] }, { title: 't' }));
    expect(drawn.texts[0]).toBe('a bc');
  });

  test('truncates text with an ellipsis to fit the box, assuming 7 px per character', () => {
    const title = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const drawn = drawnWidgets(renderDashboardLayout({
      widgets: [
        // 1 column: 36 px box, 24 px for text, 3 characters.
        { type: 'metric', x: 0, y: 0, width: 1, height: 2, properties: { title } },
        // 3 columns: 116 px box, 104 px for text, 14 characters.
        { type: 'metric', x: 1, y: 0, width: 3, height: 2, properties: { title } },
        { type: 'metric', x: 4, y: 0, width: 3, height: 2, properties: { title: title.slice(0, 14) } },
        { type: 'metric', x: 7, y: 0, width: 3, height: 2, properties: { title: 'words end here in space' } },
        { type: 'metric', x: 10, y: 0, width: 14, height: 2, properties: { title } },
      ],
    }, { title: 'T'.repeat(200) }));
    expect(drawn.map((widget) => widget.texts[0])).toEqual([
      'AB\u2026',
      'ABCDEFGHIJKLM\u2026',
      'ABCDEFGHIJKLMN',
      // No space is left before the ellipsis.
      'words end her\u2026',
      title,
    ]);
    // The detail line is 11 px, so 3 characters fit in 24 px too; the space before the ellipsis is dropped.
    expect(drawn[0].texts[1]).toBe('0\u2026');
    const svg = renderDashboardLayout({ widgets: [] }, { title: 'T'.repeat(200) });
    const titleText = /font-size="16" font-weight="bold"[^>]*>([^<]*)</.exec(svg)![1];
    expect(titleText.endsWith('\u2026')).toBe(true);
    expect(titleText.length).toBeLessThan(100);
  });

  test('does not split a character outside the BMP when truncating', () => {
    const [drawn] = drawnWidgets(renderDashboardLayout({ widgets: [{ type: 'metric', x: 0, y: 0, width: 1, height: 1, properties: { title: '\u{1F600}\u{1F600}\u{1F600}\u{1F600}' } }] }, { title: 't' }));
    expect(drawn.texts[0]).toBe('\u{1F600}\u{1F600}\u2026');
  });

  test('adds a legend of the widget types used, in a fixed order, with counts', () => {
    const svg = renderDashboardLayout({
      widgets: [
        { type: 'zeta', properties: {} },
        { type: 'metric', properties: {} },
        { type: 'alpha', properties: {} },
        { type: 'text', properties: { markdown: '# t' } },
        { type: 'metric', properties: {} },
        { properties: {} },
      ],
    }, { title: 't' });
    expect(legendTexts(svg)).toEqual(['text (1)', 'metric (2)', 'alpha (1)', 'unknown (1)', 'zeta (1)']);
    // Unknown types are drawn grey; known ones in their own colour.
    expect(svg).toMatch(/data-type="zeta"><title>[^<]*<\/title><rect [^>]*fill="#eeeeee"/);
    expect(svg).toMatch(/data-type="metric"><title>[^<]*<\/title><rect [^>]*fill="#e3f2fd"/);
  });

  test('wraps the legend when it is wider than the grid', () => {
    const widgets = Array.from({ length: 30 }, (_, index) => ({ type: `type-number-${String(index).padStart(2, '0')}`, properties: {} }));
    const svg = renderDashboardLayout({ widgets }, { title: 't' });
    const ys = new Set([...svg.matchAll(/<g class="legend-item"[^>]*><rect x="\d+" y="(\d+)"/g)].map((match) => match[1]));
    expect(ys.size).toBeGreaterThan(1);
    for (const match of svg.matchAll(/<g class="legend-item"[^>]*><rect x="(\d+)"/g)) {
      expect(Number(match[1])).toBeLessThan(980);
    }
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(Math.max(...[...ys].map(Number)));
  });

  test('has a title line with a summary, and draws an empty dashboard', () => {
    const svg = renderDashboardLayout({ widgets: [] }, { title: 'Empty' });
    expectWellFormed(svg);
    expect(svg).toContain('>Empty</text>');
    expect(svg).toContain('>0 widgets \u00b7 24 columns \u00d7 1 rows</text>');
    expect(svg).toContain('>(no widgets)</text>');
    expect(drawnWidgets(svg)).toEqual([]);
  });

  test('is deterministic: the same body gives byte-identical SVG', () => {
    const template = {
      Resources: {
        Dash: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: { DashboardBody: { 'Fn::Join': ['', [...JSON.stringify(sampleBody()).split('Logs').flatMap((text) => [text, { Ref: 'X' }]).slice(0, -1)]] } },
        },
      },
    };
    const first = renderDashboardLayout(findDashboards(template)[0].body, { title: 'Dash' });
    const second = renderDashboardLayout(findDashboards(JSON.parse(JSON.stringify(template)))[0].body, { title: 'Dash' });
    expect(second).toBe(first);
    expect(renderDashboardLayout(JSON.stringify(sampleBody()), { title: 'x' })).toBe(renderDashboardLayout(sampleBody(), { title: 'x' }));
    // Self-contained: no external fonts, images, scripts or stylesheets.
    expect(first).not.toMatch(/<image|<script|<style|@import|url\(|href=/);
    expect(first.endsWith('</svg>\n')).toBe(true);
  });

  test('does not change the body it is given', () => {
    const body = sampleBody();
    const copy = JSON.parse(JSON.stringify(body));
    renderDashboardLayout(body, { title: 't' });
    expect(body).toEqual(copy);
  });
});
