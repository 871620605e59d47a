import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newTopicAddCommand } from './add.js';
import { newTopicEditCommand } from './edit.js';
import { newTopicListCommand } from './list.js';

export function newTopicCommand(f: Factory): Command {
  const topic = new Command('topic').description('help topics: add, list, edit');
  for (const make of [newTopicAddCommand, newTopicListCommand, newTopicEditCommand]) topic.addCommand(make(f));
  return topic;
}
