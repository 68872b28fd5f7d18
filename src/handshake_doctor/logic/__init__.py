"""Logic-analyser recordings (sigrok .sr, VCD, Saleae Logic 2 CSV and binary exports) read into one
edge-list form (capture.py), for ``analyze`` to measure UART lines on (domains/serial/uart_measure.py)."""
