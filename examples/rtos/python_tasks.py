"""Ordinary Python task bodies: every line costs virtual time (line_cost in the scenario),
and a more urgent task or ISR can preempt between any two lines."""

samples = []


def sampler(os):
    """Sporadic: released each time the ADC ISR gives 'adc'; a short filter loop."""
    acc = 0
    for i in range(8):
        acc += i
    samples.append(acc)


def logger(os):
    """A FreeRTOS-style task function: an endless loop paced with delay_until."""
    wake = os.now_ns
    while True:
        count = len(samples)
        if count > 100:
            samples.clear()
        wake = os.delay_until(wake + 5_000_000)
