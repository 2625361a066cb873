import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, configureLogging, createLogger, formatFields } from '../src/index.ts'
import type { LogLevel } from '../src/index.ts'

function capture (level?: LogLevel): { lines: string[], logger: ReturnType<typeof createLogger> } {
  const lines: string[] = []
  const logger = createLogger('test', { ...(level === undefined ? {} : { level }), write: (line) => { lines.push(line) } })
  return { lines, logger }
}

describe('log', () => {
  it('prefixes each line with its sd-daemon priority', () => {
    const { lines, logger } = capture('debug')
    logger.error('e')
    logger.warning('w')
    logger.notice('n')
    logger.info('i')
    logger.debug('d')
    assert.deepEqual(lines, ['<3>test: e\n', '<4>test: w\n', '<5>test: n\n', '<6>test: i\n', '<7>test: d\n'])
  })

  it('drops messages below the level', () => {
    const { lines, logger } = capture('warning')
    logger.info('quiet')
    logger.notice('quiet')
    logger.warning('loud')
    assert.deepEqual(lines, ['<4>test: loud\n'])
  })

  it('follows the process-wide level when it has none of its own', () => {
    const { lines, logger } = capture()
    try {
      configureLogging({ level: 'err' })
      logger.warning('hidden')
      configureLogging({ level: 'debug' })
      logger.debug('shown')
    } finally {
      configureLogging({ level: 'info' })
    }
    assert.deepEqual(lines, ['<7>test: shown\n'])
  })

  it('appends fields, quoting values with spaces', () => {
    assert.equal(formatFields({ port: 80, host: '::', note: 'two words', ok: true, gone: undefined, none: null, list: [1, 2] }),
      ' port=80 host=:: note="two words" ok=true none=null list=[1,2]')
    assert.equal(formatFields({ empty: '', quote: 'a"b', line: 'a\nb' }), ' empty="" quote="a\\"b" line="a\\nb"')
  })

  it('keeps one message on one line', () => {
    const { lines, logger } = capture('info')
    logger.info('first\nsecond')
    assert.deepEqual(lines, ['<6>test: first\\nsecond\n'])
  })

  it('logs errors by name and message; stacks only at debug', () => {
    const error = new ConfigError('bad value')
    const info = capture('info')
    info.logger.error('start failed', { error })
    assert.deepEqual(info.lines, ['<3>test: start failed error="ConfigError: bad value"\n'])
    const debug = capture('debug')
    debug.logger.error('start failed', { error })
    assert.equal(debug.lines[0], '<3>test: start failed error="ConfigError: bad value"\n')
    assert.ok(debug.lines.length > 1)
    assert.ok(debug.lines.slice(1).every((line) => /^<7>test: {3}at /.test(line)), debug.lines.join(''))
  })

  it('never throws, even when writing or formatting fails', () => {
    const broken = createLogger('test', { level: 'debug', write: () => { throw new Error('disk full') } })
    assert.doesNotThrow(() => { broken.error('x', { error: new Error('y') }) })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    const { lines, logger } = capture('info')
    assert.doesNotThrow(() => { logger.info('circular', { circular }) })
    assert.deepEqual(lines, ['<6>test: circular circular="[object Object]"\n'])
  })
})
