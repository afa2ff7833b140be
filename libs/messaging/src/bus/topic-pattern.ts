/**
 * AMQP topic matching: words separated by dots, `*` matches exactly one word, `#` zero or more.
 */
export function topicMatcher(pattern: string): (routingKey: string) => boolean {
  const words = pattern.split('.');
  let source = '';
  words.forEach((word, i) => {
    const last = i === words.length - 1;
    if (word === '#') {
      if (words.length === 1) source += '.*';
      else if (i === 0) source += '(?:[^.]+\\.)*';
      else source += last ? '(?:\\.[^.]+)*' : '(?:\\.[^.]+)*\\.';
      return;
    }
    const literal = word === '*' ? '[^.]+' : word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const previous = words[i - 1];
    source += i === 0 || previous === '#' ? literal : `\\.${literal}`;
  });
  const regex = new RegExp(`^${source}$`);
  return (routingKey) => regex.test(routingKey);
}
