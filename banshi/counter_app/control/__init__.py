"""The counter's controllers, one per responsibility; ``banshi.counter_app.controller`` assembles them.

Each takes the desk (the Qt-free state), the one view it drives and the core objects it needs; views
talk to it through their signals, and it answers through the views' own small methods. Background
work goes through the bridge, so every result and error arrives on the GUI thread.
"""
